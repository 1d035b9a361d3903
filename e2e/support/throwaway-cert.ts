// A self-signed certificate made with openssl for one test run: for fake HTTPS endpoints that a real client
// (gcloud, wget in a wait script) must trust. Written into `dir`, which the caller removes.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface ThrowawayCert {
  readonly key: string;
  readonly cert: string;
  readonly keyFile: string;
  readonly certFile: string;
}

/** `subject` such as `/CN=127.0.0.1`; `extensions` are openssl `-addext` values (SANs, CA constraints). */
export function throwawayCertificate(dir: string, subject: string, extensions: readonly string[] = []): ThrowawayCert {
  const keyFile = join(dir, 'key.pem');
  const certFile = join(dir, 'cert.pem');
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-days',
      '1',
      '-subj',
      subject,
      ...extensions.flatMap((e) => ['-addext', e]),
      '-keyout',
      keyFile,
      '-out',
      certFile,
    ],
    { stdio: 'ignore' },
  );
  return { key: readFileSync(keyFile, 'utf8'), cert: readFileSync(certFile, 'utf8'), keyFile, certFile };
}

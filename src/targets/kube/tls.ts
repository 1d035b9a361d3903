// The self-signed certificate a Kubernetes target's Ingress serves when the model asks for one
// (ingress.tls.mode self-signed, or managed where the target has no managed certificates): made once with
// openssl, kept next to the secrets file (0600), so every `up` applies the same Secret and a second `up`
// changes nothing. Browsers will ask to trust it; that is what self-signed means.
import { join } from 'node:path';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { readPrivateFile, writePrivateFile } from '../../drivers/private-file.js';
import { run } from '../../drivers/exec.js';
import { envConfigDir, type ProcEnv } from '../../engine/config-dir.js';
import type { Environment } from '../../model/schema.js';
import {
  meta,
  namespaceOf,
  tlsSecretName,
  type KubeObject,
  type KubeProfile,
  type KubeTarget,
} from '../../render/kube/meta.js';

/** Whether the Ingress of the model references the self-signed Secret on this target. */
export function wantsSelfSigned(env: Environment, profile: Pick<KubeProfile, 'managedCertificates'>): boolean {
  const mode = env.ingress?.tls.mode;
  return mode === 'self-signed' || (mode === 'managed' && !profile.managedCertificates);
}

/** The certificate and key for the ingress host, made on first use. */
export async function selfSignedPair(
  env: Environment,
  procEnv: ProcEnv,
): Promise<{ readonly cert: string; readonly key: string }> {
  const host = env.ingress?.host ?? 'localhost';
  const dir = envConfigDir(env.metadata.name, procEnv);
  const certFile = join(dir, `tls-${host}.crt`);
  const keyFile = join(dir, `tls-${host}.key`);
  const cert = readPrivateFile(certFile);
  const key = readPrivateFile(keyFile);
  if (cert && key) return { cert, key };
  const tmp = mkdtempSync(join(tmpdir(), 'oh-env-tls-'));
  try {
    await run(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-days',
        '825',
        '-subj',
        `/CN=${host}`,
        '-addext',
        `subjectAltName=DNS:${host}`,
        '-keyout',
        join(tmp, 'key.pem'),
        '-out',
        join(tmp, 'cert.pem'),
      ],
      { env: procEnv },
    );
    const made = { cert: readFileSync(join(tmp, 'cert.pem'), 'utf8'), key: readFileSync(join(tmp, 'key.pem'), 'utf8') };
    writePrivateFile(certFile, made.cert);
    writePrivateFile(keyFile, made.key);
    return made;
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

/** The kubernetes.io/tls Secret the rendered Ingress names. Pure. */
export function tlsSecretObject(
  env: Environment,
  target: KubeTarget,
  pair: { readonly cert: string; readonly key: string },
): KubeObject {
  const ctx = { env, namespace: namespaceOf(env, target) };
  return {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: meta(ctx, tlsSecretName(env), { name: env.metadata.name, kind: 'environment' }),
    type: 'kubernetes.io/tls',
    data: {
      'tls.crt': Buffer.from(pair.cert, 'utf8').toString('base64'),
      'tls.key': Buffer.from(pair.key, 'utf8').toString('base64'),
    },
  };
}

// The secret source: the one place every target gets secret values from. Values live in one file per
// environment in the user's config directory (secretsFilePath), whatever the target, so a value generated for
// `up local` is the one `up kind` and `up gke` use. The file is the local target's `docker compose --env-file`
// file too (OH_SECRET_<NAME>=value lines): existing files are read as they are, and only ever appended to.
import { homedir } from 'node:os';
import { readPrivateFile, tightenPrivateFile, writePrivateFile } from '../../drivers/private-file.js';
import { OhEnvError } from '../../errors.js';
import { secretsFilePath, secretVar } from '../../render/secret-names.js';
import { DotenvSyntaxError, dotenvLine, parseDotenv } from './dotenv.js';
import {
  missingSecretsError,
  resolveSecretValues,
  type DeclaredSecrets,
  type ResolvedValue,
  type ValueOrigin,
} from './resolve.js';

export type { DeclaredSecrets, ResolvedValue, ValueOrigin };

type ProcEnv = Readonly<Record<string, string | undefined>>;

export interface SecretValues {
  /** The secrets file (named in messages; `docker compose --env-file` reads it). */
  readonly path: string;
  /** Model secret name → value and where it came from, for every declared secret that has a value. */
  readonly values: ReadonlyMap<string, ResolvedValue>;
  /** Secrets whose value this call generated and stored (names only). */
  readonly generated: readonly string[];
}

export const secretStorePath = (envName: string, procEnv: ProcEnv): string =>
  secretsFilePath(envName, procEnv, procEnv.HOME || homedir());

/**
 * Values for every declared secret: `OH_SECRET_<NAME>` from the process environment, else the stored value, else
 * a generated one (stored, so it is generated once). Throws E_SECRET_MISSING before writing anything when a
 * required secret has none, and E_SECRETS_FILE when the file holds a line docker compose would read otherwise.
 */
export function ensureSecrets(declared: DeclaredSecrets, procEnv: ProcEnv): SecretValues {
  const path = secretStorePath(declared.envName, procEnv);
  const text = readPrivateFile(path);
  const stored = readStore(path, text);
  const { values, missing } = resolveSecretValues(declared, stored, procEnv);
  if (missing.length > 0) throw missingSecretsError(missing, path);
  const generated = [...values].filter(([, v]) => v.origin === 'generated').map(([name]) => name);
  if (generated.length > 0) {
    // Appended, so what the user wrote (comments, order, values of secrets no longer declared) stays as it was.
    const lines = generated.map((name) => dotenvLine(secretVar(name), values.get(name)!.value));
    const before =
      text === undefined ? storeHeader(declared.envName) : text === '' || text.endsWith('\n') ? text : `${text}\n`;
    writePrivateFile(path, `${before}${lines.join('\n')}\n`);
  } else if (text !== undefined) tightenPrivateFile(path);
  return { path, values, generated };
}

/** What `ensureSecrets` would find, without writing anything or generating a value: the doctor's view. */
export interface SecretsInspection {
  readonly path: string;
  /** Model secret name → where its value would come from ('generated': the next `up` creates and keeps one). */
  readonly origins: ReadonlyMap<string, ValueOrigin>;
  /** Declared and required, with no value anywhere. */
  readonly missing: readonly string[];
}

/** Throws E_SECRETS_FILE, as `ensureSecrets` does, when the file holds a line docker compose would read otherwise. */
export function inspectSecrets(declared: DeclaredSecrets, procEnv: ProcEnv): SecretsInspection {
  const path = secretStorePath(declared.envName, procEnv);
  const stored = readStore(path, readPrivateFile(path));
  // No value is generated: the doctor only says which ones the next `up` would generate.
  const { values, missing } = resolveSecretValues(declared, stored, procEnv, () => '');
  const origins = new Map([...values].map(([name, v]) => [name, v.origin] as const));
  return { path, origins, missing };
}

function readStore(path: string, text: string | undefined): Map<string, string> {
  if (text === undefined) return new Map();
  try {
    return parseDotenv(text);
  } catch (e) {
    if (!(e instanceof DotenvSyntaxError)) throw e;
    throw new OhEnvError('E_SECRETS_FILE', `the secrets file ${path} cannot be read: ${e.message}`, {
      hint: `fix line ${e.line} of ${path}: KEY=value lines, read the way \`docker compose --env-file\` reads them`,
      cause: e,
    });
  }
}

const storeHeader = (envName: string): string =>
  [
    `# Secret values of the oh-env environment "${envName}", for every target (local, kind, gke). Keep this file`,
    '# private (mode 0600). `docker compose --env-file <this file>` reads it too. Generated values are kept;',
    '# change one by editing its line, or override it for one run by exporting the variable.',
    '',
  ].join('\n');

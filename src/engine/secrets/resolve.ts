// Declared secrets → values, without I/O: the process environment overrides, then the store, then `generate`
// (once: the caller keeps what was generated). A required secret left without a value is reported with every
// other one at once, so one run tells the user everything to add.
import { OhEnvError } from '../../errors.js';
import type { Environment } from '../../model/schema.js';
import { secretVar } from '../../render/secret-names.js';
import { generateSecretValue } from './generate.js';

export interface DeclaredSecret {
  readonly required: boolean;
  readonly generateLength?: number;
}

/**
 * What the secret source needs of a model: the environment's name (where its values are kept) and its secrets.
 * A ComposeProject has this shape; `declaredSecrets` builds it from the model for the other targets.
 */
export interface DeclaredSecrets {
  readonly envName: string;
  readonly secrets: Readonly<Record<string, DeclaredSecret>>;
}

export function declaredSecrets(env: Environment): DeclaredSecrets {
  const secrets: Record<string, DeclaredSecret> = {};
  for (const [name, s] of Object.entries(env.secrets))
    secrets[name] = { required: s.required, ...(s.generate ? { generateLength: s.generate.length } : {}) };
  return { envName: env.metadata.name, secrets };
}

/** Where a value came from: `env` ones are used but never stored, `generated` ones are stored by the caller. */
export type ValueOrigin = 'env' | 'store' | 'generated';

export interface ResolvedValue {
  readonly value: string;
  readonly origin: ValueOrigin;
}

export interface Resolution {
  /** Model secret name → value, for every declared secret that has one, sorted by name. */
  readonly values: ReadonlyMap<string, ResolvedValue>;
  /** Declared and required, with no value anywhere. */
  readonly missing: readonly string[];
}

export function resolveSecretValues(
  declared: DeclaredSecrets,
  stored: ReadonlyMap<string, string>,
  procEnv: Readonly<Record<string, string | undefined>>,
  generate: (length: number) => string = generateSecretValue,
): Resolution {
  const values = new Map<string, ResolvedValue>();
  const missing: string[] = [];
  for (const name of Object.keys(declared.secrets).sort()) {
    const s = declared.secrets[name]!;
    const variable = secretVar(name);
    // An empty value counts as none, as `${VAR:?}` does in the Compose file.
    const fromEnv = procEnv[variable];
    const fromStore = stored.get(variable);
    if (fromEnv) values.set(name, { value: fromEnv, origin: 'env' });
    else if (fromStore) values.set(name, { value: fromStore, origin: 'store' });
    else if (s.generateLength !== undefined)
      values.set(name, { value: generate(s.generateLength), origin: 'generated' });
    else if (s.required) missing.push(name);
  }
  return { values, missing };
}

/** E_SECRET_MISSING naming every missing secret, the line to add to the store and the variable to export. */
export function missingSecretsError(missing: readonly string[], storePath: string): OhEnvError {
  const many = missing.length > 1;
  const lines = missing.map((n) => `${secretVar(n)}=<value of ${n}>`);
  return new OhEnvError(
    'E_SECRET_MISSING',
    `secret${many ? 's' : ''} ${missing.map((n) => `"${n}"`).join(', ')} ha${many ? 've' : 's'} no value`,
    {
      hint:
        `add ${many ? 'these lines' : 'this line'} to ${storePath} (keep it mode 0600; every target reads it), ` +
        `or export ${missing.map(secretVar).join(', ')} for this run only, then run the same command again`,
      details: lines,
    },
  );
}

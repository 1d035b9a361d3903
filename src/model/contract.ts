// The env contract of each backend: the variables a workload that `uses` it receives, per target. This is
// the heart of parity — the app sees the same variable NAMES everywhere; only where the values come from
// differs (a container, a Kubernetes Service, Cloud SQL / Memorystore / GCS).
import type { Backend, BucketBackend, Environment, PostgresBackend, RedisBackend, Target } from './schema.js';

/** Where a variable's value comes from. Secrets never carry values here, only references. */
export type EnvValue =
  | { readonly kind: 'value'; readonly value: string }
  | { readonly kind: 'secret'; readonly secret: string }
  /** Known only after provisioning (GKE): read from the environment's outputs ConfigMap. */
  | { readonly kind: 'output'; readonly key: string };

export type EnvContract = Readonly<Record<string, EnvValue>>;

const v = (value: string | number): EnvValue => ({ kind: 'value', value: String(value) });

export const POSTGRES_PORT = 5432;
export const REDIS_PORT = 6379;
/** fake-gcs-server listens here inside the container and in the cluster. */
export const GCS_EMULATOR_PORT = 4443;

/** The variable names a backend sets on any target (validation warns when `env` overrides them). */
export function backendEnvNames(b: Backend): string[] {
  switch (b.type) {
    case 'postgres':
      return ['DB_HOST', 'DB_PORT', 'DB_NAME', 'DB_USER', 'DB_PASS', 'GCP_DB_INSTANCE', 'GCP_PROJECT', 'GCP_REGION'];
    case 'redis':
      return ['REDIS_HOST', 'REDIS_PORT'];
    case 'bucket':
      return ['FILE_STORE', 'FILE_STORE_PATH', 'STORAGE_EMULATOR_HOST', 'GOOGLE_CLOUD_PROJECT'];
  }
}

/** Cloud SQL instance name on GKE (also used by the plan). */
export const sqlInstanceName = (env: Environment, backend: string): string => `${env.metadata.name}-${backend}`;
/** Memorystore instance name on GKE. */
export const redisInstanceName = (env: Environment, backend: string): string => `${env.metadata.name}-${backend}`;
/** Key of an output (provisioned address) in the outputs ConfigMap, e.g. REDIS_HOST_CACHE. */
export const outputKey = (variable: string, backend: string): string =>
  `${variable}_${backend.toUpperCase().replace(/-/g, '_')}`;

function postgres(env: Environment, name: string, b: PostgresBackend, target: Target): EnvContract {
  const common = {
    DB_NAME: v(b.database),
    DB_USER: v(b.user),
    DB_PASS: { kind: 'secret', secret: b.passwordSecret },
  } as const;
  if (target === 'gke') {
    const gke = env.targets.gke;
    return {
      ...common,
      GCP_DB_INSTANCE: v(sqlInstanceName(env, name)),
      GCP_PROJECT: v(gke?.project ?? ''),
      GCP_REGION: v(gke?.region ?? ''),
    };
  }
  return { ...common, DB_HOST: v(name), DB_PORT: v(POSTGRES_PORT) };
}

function redis(_env: Environment, name: string, _b: RedisBackend, target: Target): EnvContract {
  // REDIS_HOST is a bare host name: the enterprise code splits host and port (openhands.md §1.4, §8.9).
  if (target === 'gke')
    return { REDIS_HOST: { kind: 'output', key: outputKey('REDIS_HOST', name) }, REDIS_PORT: v(REDIS_PORT) };
  return { REDIS_HOST: v(name), REDIS_PORT: v(REDIS_PORT) };
}

function bucket(env: Environment, name: string, b: BucketBackend, target: Target): EnvContract {
  const common = { FILE_STORE: v('google_cloud'), FILE_STORE_PATH: v(b.bucket) } as const;
  if (target === 'gke') return { ...common, GOOGLE_CLOUD_PROJECT: v(env.targets.gke?.project ?? '') };
  // The Python and Node GCS clients honour STORAGE_EMULATOR_HOST; the project id only has to be present.
  return {
    ...common,
    STORAGE_EMULATOR_HOST: v(`http://${name}:${GCS_EMULATOR_PORT}`),
    GOOGLE_CLOUD_PROJECT: v('oh-env-local'),
  };
}

/** Env a workload receives from the backends it uses, on one target. */
export function contractFor(env: Environment, uses: readonly string[], target: Target): EnvContract {
  const out: Record<string, EnvValue> = {};
  for (const name of uses) {
    const b = env.backends[name];
    if (!b) continue;
    const part =
      b.type === 'postgres'
        ? postgres(env, name, b, target)
        : b.type === 'redis'
          ? redis(env, name, b, target)
          : bucket(env, name, b, target);
    Object.assign(out, part);
  }
  return out;
}

/**
 * The whole environment of a workload on a target: backend contract, then plain env, then secret refs.
 * Plain env wins over the contract (validation warns about it); keys are sorted for deterministic output.
 */
export function workloadEnv(
  env: Environment,
  w: {
    readonly uses: readonly string[];
    readonly env: Readonly<Record<string, string>>;
    readonly secretEnv: Readonly<Record<string, string>>;
  },
  target: Target,
): EnvContract {
  const merged: Record<string, EnvValue> = { ...contractFor(env, w.uses, target) };
  for (const [k, value] of Object.entries(w.env)) merged[k] = { kind: 'value', value };
  for (const [k, secret] of Object.entries(w.secretEnv)) merged[k] = { kind: 'secret', secret };
  return Object.fromEntries(Object.entries(merged).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

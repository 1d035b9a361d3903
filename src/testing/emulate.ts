// Emulated backends for a model: the bucket(s) on fake-gcs-server (execa), each Postgres and Redis backend in a
// container (testcontainers), the model's migrations run against Postgres, then a snapshot so reset() can put
// everything back between tests. Composes the drivers; does no I/O of its own.
import { randomBytes } from 'node:crypto';
import { resolve } from 'node:path';
import { OhEnvError } from '../errors.js';
import { diskReader } from '../drivers/files.js';
import {
  clearBucket,
  createBucket,
  findFakeGcs,
  seedBuckets,
  startFakeGcs,
  type FakeGcs,
} from '../drivers/fake-gcs.js';
import { cloneDatabase, dropDatabase, restoreDatabase, snapshotDatabase } from '../drivers/postgres.js';
import { redisCommand } from '../drivers/redis.js';
import {
  assertDocker,
  assertImages,
  EMULATE_LABEL,
  removeLabelled,
  runJob,
  startPostgres,
  startRedis,
  type JobResult,
  type StartedBackend,
} from '../drivers/testcontainers.js';
import { loadModel, type LoadedModel } from '../model/load.js';
import { dependencyGraph, startOrder } from '../model/graph.js';
import type { Environment, Job } from '../model/schema.js';
import { imageRef } from '../render/images.js';
import { toMs } from '../render/duration.js';
import type { BucketEndpoint, Endpoints, PostgresEndpoint, RedisEndpoint } from './endpoints.js';
import { generateSecretValue } from '../engine/secrets/generate.js';
import { emulatedEnv, resolveSecrets } from './env.js';

export interface EmulateOptions {
  /** Resolves a model path and finds the overlay (default: the process's working directory). */
  readonly cwd?: string;
  /** Images of the emulators; default the backend's own `image`, else the lab's (oh-env-lab/postgres:<v>, …). */
  readonly images?: { readonly postgres?: string; readonly redis?: string };
  /** Run the model's migrations jobs (jobs that use a Postgres backend) before returning. Default true. */
  readonly migrations?: boolean;
  /** A folder whose top-level folders are bucket names and whose files become their objects. */
  readonly seed?: string;
  /** fake-gcs-server backend: memory (default) or filesystem under `storageRoot`. */
  readonly storage?: 'memory' | 'filesystem';
  readonly storageRoot?: string;
  /** Secret values by secret name; generated secrets get a fresh value otherwise. */
  readonly secrets?: Readonly<Record<string, string>>;
  /** Whose env `env` is: default the first service that uses a backend. */
  readonly service?: string;
  /** Where fake-gcs-server is looked for (PATH, OH_ENV_LAB_CACHE); default the process's environment. */
  readonly toolEnv?: Readonly<Record<string, string | undefined>>;
  /** Extra labels on every container started (e.g. to find a test's own containers). */
  readonly labels?: Readonly<Record<string, string>>;
  /** Called as each step ends, for progress output and benchmarks. */
  readonly onStep?: (step: string, durationMs: number) => void;
}

export interface IsolatedDatabase {
  readonly name: string;
  readonly env: Readonly<Record<string, string>>;
  drop(): Promise<void>;
  [Symbol.asyncDispose](): Promise<void>;
}

export interface MigrationRun extends JobResult {
  readonly job: string;
}

export interface Emulation {
  readonly model: Environment;
  /** Where each backend is, by backend name. */
  readonly endpoints: Endpoints;
  /** The env the main service (see EmulateOptions.service) receives. */
  readonly env: Readonly<Record<string, string>>;
  readonly service: string | undefined;
  /** The env a service or job of the model receives. */
  envFor(workload: string): Record<string, string>;
  readonly migrations: readonly MigrationRun[];
  /** The bucket emulator, when the model has a bucket (restart() keeps objects with the filesystem backend). */
  readonly storage: FakeGcs | undefined;
  /** Back to the state right after start: migrated databases, empty Redis, buckets with only the seed. */
  reset(): Promise<void>;
  /**
   * A database of its own for one test (parallel tests on one emulation): cloned from the migrated snapshot,
   * with the main service's env pointing DB_NAME at it. Dropped by drop() or at the end of an `await using`.
   */
  database(): Promise<IsolatedDatabase>;
  /** Stops and removes everything started (idempotent). */
  stop(): Promise<void>;
  [Symbol.asyncDispose](): Promise<void>;
}

/** The lab builds these; a model's own `image` wins, an option wins over both. */
export const LAB_IMAGES = {
  postgres: (version: string) => `oh-env-lab/postgres:${version}`,
  redis: (version: string) => `oh-env-lab/redis:${version.split('.')[0] ?? version}`,
} as const;

const SNAPSHOT_SUFFIX = '_oh_env_snapshot';

function loadFor(model: string | LoadedModel | Environment, cwd: string): Environment {
  if (typeof model === 'string') return loadModel({ cwd, file: resolve(cwd, model), target: 'local' }, diskReader).env;
  return 'env' in model && 'sources' in model ? model.env : (model as Environment);
}

/** Jobs that migrate a Postgres backend, in the model's start order. */
export function migrationJobs(env: Environment): [string, Job][] {
  const postgres = new Set(
    Object.entries(env.backends)
      .filter(([, b]) => b.type === 'postgres')
      .map(([n]) => n),
  );
  const order = startOrder(dependencyGraph(env)).flat();
  return Object.entries(env.jobs)
    .filter(([, j]) => j.uses.some((u) => postgres.has(u)))
    .sort(([a], [b]) => order.indexOf(a) - order.indexOf(b));
}

/** The service whose env is the default: the first (by name) that uses a backend, else the first. */
export function mainService(env: Environment): string | undefined {
  const names = Object.keys(env.services).sort();
  return names.find((n) => (env.services[n]?.uses.length ?? 0) > 0) ?? names[0];
}

async function settleAll<T>(tasks: readonly Promise<T>[], cleanup: () => Promise<void>): Promise<T[]> {
  const results = await Promise.allSettled(tasks);
  const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed) {
    await cleanup();
    throw failed.reason;
  }
  return results.map((r) => (r as PromiseFulfilledResult<T>).value);
}

export async function emulate(
  model: string | LoadedModel | Environment,
  opts: EmulateOptions = {},
): Promise<Emulation> {
  const cwd = opts.cwd ?? process.cwd();
  const env = loadFor(model, cwd);
  const runId = randomBytes(4).toString('hex');
  const labels = { ...opts.labels, [EMULATE_LABEL]: runId, 'dev.oh-env.env': env.metadata.name };
  const step = async <T>(name: string, work: () => Promise<T>): Promise<T> => {
    const t0 = performance.now();
    const out = await work();
    opts.onStep?.(name, performance.now() - t0);
    return out;
  };

  const backends = Object.entries(env.backends);
  const postgres = backends.flatMap(([n, b]) => (b.type === 'postgres' ? [[n, b] as const] : []));
  const redis = backends.flatMap(([n, b]) => (b.type === 'redis' ? [[n, b] as const] : []));
  const buckets = backends.flatMap(([n, b]) => (b.type === 'bucket' ? [[n, b] as const] : []));
  const jobs = opts.migrations === false || postgres.length === 0 ? [] : migrationJobs(env);
  const imageOf = {
    postgres: (b: (typeof postgres)[number][1]) => opts.images?.postgres ?? b.image ?? LAB_IMAGES.postgres(b.version),
    redis: (b: (typeof redis)[number][1]) => opts.images?.redis ?? b.image ?? LAB_IMAGES.redis(b.version),
  };
  const secrets = resolveSecrets(env, opts.secrets ?? {});

  // Everything that can be found wrong is checked before anything starts.
  if (opts.service !== undefined && !env.services[opts.service])
    throw new OhEnvError('E_USAGE', `"${opts.service}" is not a service of ${env.metadata.name}`, {
      hint: `choose one of: ${Object.keys(env.services).join(', ') || '(none)'}`,
    });
  const fakeGcs = findFakeGcs(opts.toolEnv ?? process.env);
  if (buckets.length > 0 && !fakeGcs)
    throw new OhEnvError('E_TOOL_MISSING', 'fake-gcs-server (the GCS emulator) was not found', {
      hint: 'run `npm run lab -- up` to build it into ~/.cache/oh-env/bin, or put fake-gcs-server on PATH',
    });
  if (postgres.length + redis.length > 0) {
    await assertDocker();
    await assertImages([...postgres.map(([, b]) => imageOf.postgres(b)), ...redis.map(([, b]) => imageOf.redis(b))]);
    await assertImages(
      jobs.map(([, j]) => imageRef(env, j.image)),
      'the migrations job runs in its own image: build or pull it, or skip the migrations (`--no-migrations`, or `migrations: false` in the testing API)',
    );
  }

  const started: (StartedBackend | FakeGcs)[] = [];
  const stopAll = async (): Promise<void> => {
    const all = started.splice(0);
    await Promise.allSettled(all.map((s) => s.stop()));
    // Anything of this run that is still there (a container whose start failed half way).
    if (postgres.length + redis.length + jobs.length > 0) await removeLabelled(EMULATE_LABEL, runId).catch(() => 0);
  };
  const track = <T extends StartedBackend | FakeGcs>(s: T): T => (started.push(s), s);

  const endpoints: Record<string, PostgresEndpoint | RedisEndpoint | BucketEndpoint> = {};
  let storage: FakeGcs | undefined;
  await settleAll<void>(
    [
      ...(buckets.length > 0
        ? [
            step('bucket', async () => {
              storage = track(
                await startFakeGcs({
                  ...(fakeGcs ? { binary: fakeGcs } : {}),
                  backend: opts.storage ?? 'memory',
                  ...(opts.storageRoot ? { root: opts.storageRoot } : {}),
                }),
              );
              // Emulator buckets are not versioned: fake-gcs-server keeps deleted generations listable, which
              // would make a cleared bucket look full (docs/emulators.md).
              for (const [, b] of buckets) await createBucket(storage.url, b.bucket);
              if (opts.seed)
                await seedBuckets(
                  storage.url,
                  resolve(cwd, opts.seed),
                  buckets.map(([, b]) => b.bucket),
                );
              for (const [name, b] of buckets) endpoints[name] = { type: 'bucket', url: storage.url, bucket: b.bucket };
            }),
          ]
        : []),
      ...postgres.map(([name, b]) =>
        step(`postgres ${name}`, async () => {
          const password = secrets.get(b.passwordSecret) ?? generateSecretValue(24);
          secrets.set(b.passwordSecret, password);
          const c = track(
            await startPostgres({ image: imageOf.postgres(b), database: b.database, user: b.user, password, labels }),
          );
          const url = `postgresql://${encodeURIComponent(b.user)}:${encodeURIComponent(password)}@${c.host}:${c.port}/${b.database}`;
          endpoints[name] = {
            type: 'postgres',
            host: c.host,
            port: c.port,
            database: b.database,
            user: b.user,
            password,
            url,
            containerId: c.id,
          };
        }),
      ),
      ...redis.map(([name, b]) =>
        step(`redis ${name}`, async () => {
          const c = track(await startRedis({ image: imageOf.redis(b), labels }));
          endpoints[name] = {
            type: 'redis',
            host: c.host,
            port: c.port,
            url: `redis://${c.host}:${c.port}`,
            containerId: c.id,
          };
        }),
      ),
    ],
    stopAll,
  );

  const envFor = (workload: string): Record<string, string> => {
    const w = env.services[workload] ?? env.jobs[workload];
    if (!w)
      throw new OhEnvError('E_USAGE', `"${workload}" is not a service or job of ${env.metadata.name}`, {
        hint: `choose one of: ${[...Object.keys(env.services), ...Object.keys(env.jobs)].join(', ')}`,
      });
    return emulatedEnv(env, w, endpoints, secrets, workload);
  };

  const migrations: MigrationRun[] = [];
  try {
    for (const [name, job] of jobs) {
      const result = await step(`migrations ${name}`, () =>
        runJob({
          image: imageRef(env, job.image),
          ...(job.command ? { entrypoint: job.command } : {}),
          ...(job.args ? { command: job.args } : {}),
          env: envFor(name),
          labels,
          timeoutMs: toMs(job.timeout),
          what: name,
        }),
      );
      migrations.push({ job: name, ...result });
      if (result.exitCode !== 0)
        throw new OhEnvError('E_JOB_FAILED', `migrations job "${name}" failed (exit code ${result.exitCode})`, {
          hint: 'its output is below; the emulated backends were stopped',
          details: result.output.trimEnd().split('\n').slice(-40),
        });
    }
    await step('snapshot', () =>
      Promise.all(
        postgres.map(([name, b]) => {
          const e = endpoints[name] as PostgresEndpoint;
          return snapshotDatabase(e, b.database, `${b.database}${SNAPSHOT_SUFFIX}`);
        }),
      ),
    );
  } catch (e) {
    await stopAll();
    throw e;
  }

  const service = opts.service ?? mainService(env);
  const mainEnv = service ? envFor(service) : {};
  let stopped = false;
  const stop = async (): Promise<void> => {
    if (stopped) return;
    stopped = true;
    await stopAll();
  };
  return {
    model: env,
    endpoints,
    env: mainEnv,
    service,
    envFor,
    migrations,
    get storage() {
      return storage;
    },
    reset: async () => {
      await Promise.all([
        ...postgres.map(([name, b]) => {
          const e = endpoints[name] as PostgresEndpoint;
          return restoreDatabase(e, b.database, `${b.database}${SNAPSHOT_SUFFIX}`, b.user);
        }),
        ...redis.map(([name]) => {
          const e = endpoints[name] as RedisEndpoint;
          return redisCommand(e.host, e.port, ['FLUSHALL']);
        }),
        ...(storage
          ? [
              (async () => {
                const url = storage.url;
                await Promise.all(buckets.map(([, b]) => clearBucket(url, b.bucket)));
                if (opts.seed)
                  await seedBuckets(
                    url,
                    resolve(cwd, opts.seed),
                    buckets.map(([, b]) => b.bucket),
                  );
              })(),
            ]
          : []),
      ]);
    },
    database: async () => {
      const [backend, b] = postgres[0] ?? [];
      if (!backend || !b) throw new OhEnvError('E_USAGE', `${env.metadata.name} has no Postgres backend`);
      const e = endpoints[backend] as PostgresEndpoint;
      const name = `${b.database}_${randomBytes(4).toString('hex')}`;
      await cloneDatabase(e, `${b.database}${SNAPSHOT_SUFFIX}`, name, b.user);
      const drop = () => dropDatabase(e, name);
      return { name, env: { ...mainEnv, DB_NAME: name }, drop, [Symbol.asyncDispose]: drop };
    },
    stop,
    [Symbol.asyncDispose]: stop,
  };
}

// Emulated backends as containers, through testcontainers: Postgres (@testcontainers/postgresql), Redis, and
// one-shot jobs such as migrations. Every container gets a unique name and oh-env labels, publishes its port on
// 127.0.0.1 only, and is removed by stop(). testcontainers is imported lazily, inside these functions.
import type { Container } from 'dockerode';
import { randomBytes } from 'node:crypto';
import { OhEnvError } from '../errors.js';
import { connectDocker } from './docker/client.js';
import { engineEnv, findEngine } from './docker/engine-endpoint.js';
import { diskReader, type FileReader } from './files.js';
import { LOOPBACK, waitUntil } from './net.js';
import { waitForPostgres } from './postgres.js';
import { redisCommand } from './redis.js';

/** Label every emulator container carries, valued with its run id (so leftovers can be found by label). */
export const EMULATE_LABEL = 'dev.oh-env.emulate';

type Testcontainers = typeof import('testcontainers');

/**
 * Names in `env` the engine connectDocker reaches (DOCKER_HOST, DOCKER_TLS_VERIFY, DOCKER_CERT_PATH, the
 * variables testcontainers reads), so emulators start on the engine `up` uses: testcontainers knows no Docker
 * contexts, and without DOCKER_HOST it would pick a socket by its own rules.
 */
export function useEngine(env: Record<string, string | undefined>, files: FileReader): void {
  for (const [k, v] of Object.entries(engineEnv(findEngine(env, files))))
    if (v === undefined) delete env[k];
    else env[k] = v;
}

async function load(): Promise<Testcontainers> {
  // Ryuk (the reaper) is an image that cannot be pulled offline; oh-env removes what it starts itself.
  process.env.TESTCONTAINERS_RYUK_DISABLED ??= 'true';
  // Before the import: testcontainers reads the variables once, at its first call.
  useEngine(process.env, diskReader);
  return import('testcontainers');
}

/**
 * Ready is decided from the host (a real query, a real PING), polled every few ms: testcontainers' own
 * strategies exec into the container or poll a health check, which costs a second or more per backend.
 */
function runningIsEnough(tc: Testcontainers) {
  return new (class extends tc.StartupCheckStrategy {
    override async checkStartupState(): Promise<'SUCCESS'> {
      return 'SUCCESS';
    }
    override async waitUntilReady(): Promise<void> {}
  })();
}

const shortId = (): string => randomBytes(4).toString('hex');

/** A unique, readable container name: oh-env-<what>-<random>. */
export const containerName = (what: string): string => `oh-env-${what}-${shortId()}`.slice(0, 63);

/** Fails with a clear error when no Docker engine answers. */
export async function assertDocker(): Promise<void> {
  const tc = await load();
  // testcontainers falls back to other sockets when the one it is given does not answer; the engine the user
  // named is the one to use, so its silence is an error here, in the words `up` uses.
  await connectDocker(process.env, 2000);
  try {
    await tc.getContainerRuntimeClient();
  } catch (e) {
    throw new OhEnvError('E_DOCKER_UNREACHABLE', `no Docker engine answers: ${(e as Error).message}`, {
      hint: 'start it (`npm run lab -- up` starts one on this machine) or set DOCKER_HOST',
      cause: e,
    });
  }
}

/** Fails, naming every one that is missing, when an image is not in the local engine (nothing is pulled). */
export async function assertImages(images: readonly string[], hint?: string): Promise<void> {
  const tc = await load();
  const client = await tc.getContainerRuntimeClient();
  const missing: string[] = [];
  for (const image of new Set(images))
    if (!(await client.image.exists(tc.ImageName.fromString(image)))) missing.push(image);
  if (missing.length > 0)
    throw new OhEnvError('E_IMAGE_MISSING', `image${missing.length > 1 ? 's' : ''} not found: ${missing.join(', ')}`, {
      hint:
        hint ??
        (missing.every((i) => i.startsWith('oh-env-lab/'))
          ? 'build the lab images: `npm run lab -- up --for e2e`'
          : 'build or pull them (`docker pull IMAGE`), or choose other images (see `oh-env emulate --help`)'),
    });
}

/** A container that would not start or become ready is a clear error, not a bug report. */
async function starting<T>(what: string, image: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (e) {
    if (e instanceof OhEnvError) throw e;
    throw new OhEnvError('E_UNHEALTHY', `${what} (${image}) did not start: ${(e as Error).message}`, {
      hint: `try it by hand: docker run --rm ${image}`,
      cause: e,
    });
  }
}

/**
 * Removes every container (running or not) labelled `label=value`: what a run left when a start failed half
 * way (testcontainers cannot remove a container whose start it did not finish).
 */
export async function removeLabelled(label: string, value: string): Promise<number> {
  const tc = await load();
  const docker = (await tc.getContainerRuntimeClient()).container.dockerode;
  const found = await docker.listContainers({ all: true, filters: { label: [`${label}=${value}`] } });
  await Promise.all(
    found.map((c) =>
      docker
        .getContainer(c.Id)
        .remove({ force: true, v: true })
        .catch(() => {}),
    ),
  );
  return found.length;
}

export interface StartedBackend {
  readonly id: string;
  readonly name: string;
  readonly host: string;
  readonly port: number;
  stop(): Promise<void>;
}

/** testcontainers publishes on every interface; emulators are for this machine only. */
function loopbackOnly(hostConfig: { PortBindings?: Record<string, { HostIp?: string; HostPort?: string }[]> }): void {
  for (const bindings of Object.values(hostConfig.PortBindings ?? {})) for (const b of bindings) b.HostIp = LOOPBACK;
}

const hostOf = (host: string): string => (host === 'localhost' ? LOOPBACK : host);

export interface PostgresOptions {
  readonly image: string;
  readonly database: string;
  readonly user: string;
  readonly password: string;
  readonly labels?: Readonly<Record<string, string>>;
}

export async function startPostgres(opts: PostgresOptions): Promise<StartedBackend> {
  const tc = await load();
  const { PostgreSqlContainer } = await import('@testcontainers/postgresql');
  class LoopbackPostgres extends PostgreSqlContainer {
    protected override async beforeContainerCreated(): Promise<void> {
      loopbackOnly(this.hostConfig);
    }
  }
  const name = containerName('postgres');
  const started = await starting('postgres', opts.image, () =>
    new LoopbackPostgres(opts.image)
      .withName(name)
      .withLabels({ ...opts.labels })
      .withDatabase(opts.database)
      .withUsername(opts.user)
      .withPassword(opts.password)
      // Test data need no durability: a RAM disk and no fsync make start and reset several times faster.
      .withTmpFs({ '/var/lib/postgresql/data': 'rw' })
      .withCommand(['postgres', '-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off'])
      // Kept for `docker ps`, but not waited on (see runningIsEnough).
      .withHealthCheck({ test: ['CMD-SHELL', 'pg_isready -h 127.0.0.1'], interval: 2000, timeout: 1000, retries: 30 })
      .withWaitStrategy(runningIsEnough(tc))
      .withStartupTimeout(60_000)
      .start(),
  );
  const host = hostOf(started.getHost());
  const port = started.getPort();
  await starting('postgres', opts.image, () =>
    waitForPostgres({ host, port, user: opts.user, password: opts.password }, opts.database, 60_000),
  ).catch(async (e: unknown) => {
    await started.stop({ timeout: 0 }).catch(() => {});
    throw e;
  });
  return { id: started.getId(), name, host, port, stop: async () => void (await started.stop({ timeout: 1000 })) };
}

export interface RedisOptions {
  readonly image: string;
  readonly labels?: Readonly<Record<string, string>>;
}

export async function startRedis(opts: RedisOptions): Promise<StartedBackend> {
  const tc = await load();
  class LoopbackContainer extends tc.GenericContainer {
    protected override async beforeContainerCreated(): Promise<void> {
      loopbackOnly(this.hostConfig);
    }
  }
  const name = containerName('redis');
  const started = await starting('redis', opts.image, () =>
    new LoopbackContainer(opts.image)
      .withName(name)
      .withLabels({ ...opts.labels })
      .withExposedPorts(6379)
      // Ready means it answers PING from here (below); the container only has to be running.
      .withWaitStrategy(runningIsEnough(tc))
      .withStartupTimeout(30_000)
      .start(),
  );
  const host = hostOf(started.getHost());
  const port = started.getMappedPort(6379);
  await starting('redis', opts.image, () =>
    waitUntil(async () => (await redisCommand(host, port, ['PING'])) === 'PONG', {
      timeoutMs: 30_000,
      what: `redis (${opts.image})`,
    }),
  ).catch(async (e: unknown) => {
    await started.stop({ timeout: 0 }).catch(() => {});
    throw e;
  });
  return { id: started.getId(), name, host, port, stop: async () => void (await started.stop({ timeout: 1000 })) };
}

export interface JobOptions {
  readonly image: string;
  /** Entrypoint override (the model's `command`). */
  readonly entrypoint?: readonly string[];
  /** Arguments (the model's `args`). */
  readonly command?: readonly string[];
  readonly env: Readonly<Record<string, string>>;
  readonly labels?: Readonly<Record<string, string>>;
  readonly timeoutMs: number;
  /** What the job is called in messages. */
  readonly what: string;
}

export interface JobResult {
  readonly exitCode: number;
  readonly output: string;
  readonly durationMs: number;
}

/** Docker's multiplexed log stream (8-byte frame headers) as text. */
export function demuxDockerLogs(buf: Buffer): string {
  let out = '';
  let i = 0;
  while (i + 8 <= buf.length && (buf[i] === 1 || buf[i] === 2) && buf[i + 1] === 0) {
    const size = buf.readUInt32BE(i + 4);
    out += buf.subarray(i + 8, i + 8 + size).toString('utf8');
    i += 8 + size;
  }
  return i === 0 ? buf.toString('utf8') : out;
}

/**
 * Runs a one-shot container on the host network (so it reaches the emulators' loopback ports exactly as the
 * env says), waits for it to exit, and returns its exit code and output. The container is always removed.
 */
export async function runJob(opts: JobOptions): Promise<JobResult> {
  const tc = await load();
  const outcome: { exitCode?: number; output?: string } = {};
  const started = Date.now();
  // testcontainers' own one-shot check polls once a second; Docker's wait API answers the moment it exits.
  class ExitWait extends tc.StartupCheckStrategy {
    override async checkStartupState(): Promise<'SUCCESS'> {
      return 'SUCCESS';
    }
    override async waitUntilReady(container: Container): Promise<void> {
      const timer = setTimeout(() => void container.kill().catch(() => {}), opts.timeoutMs);
      try {
        const { StatusCode } = (await container.wait()) as { StatusCode: number };
        outcome.exitCode = StatusCode;
        outcome.output = demuxDockerLogs(
          (await container.logs({ stdout: true, stderr: true, follow: false })) as unknown as Buffer,
        );
      } finally {
        clearTimeout(timer);
      }
    }
  }
  let container = new tc.GenericContainer(opts.image)
    .withName(containerName(`job-${opts.what}`))
    .withLabels({ ...opts.labels })
    .withNetworkMode('host')
    .withEnvironment({ ...opts.env })
    .withWaitStrategy(new ExitWait());
  if (opts.entrypoint) container = container.withEntrypoint([...opts.entrypoint]);
  if (opts.command) container = container.withCommand([...opts.command]);
  const handle = await starting(`job ${opts.what}`, opts.image, () => container.start());
  await handle.stop({ timeout: 0 }).catch(() => {});
  const durationMs = Date.now() - started;
  if (durationMs >= opts.timeoutMs && outcome.exitCode !== 0)
    throw new OhEnvError('E_JOB_FAILED', `${opts.what} did not finish within ${opts.timeoutMs} ms`, {
      details: (outcome.output ?? '').trimEnd().split('\n').slice(-30),
    });
  return { exitCode: outcome.exitCode ?? -1, output: outcome.output ?? '', durationMs };
}

// fake-gcs-server, the GCS emulator, run on the host (drivers/exec), and the few GCS JSON API calls oh-env makes
// against it (create, clear and seed buckets). The binary comes from PATH or the lab's cache
// ($OH_ENV_LAB_CACHE/bin, default ~/.cache/oh-env/bin), where `npm run lab -- up` puts it.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, extname, join, relative, sep } from 'node:path';
import { OhEnvError } from '../errors.js';
import { runInBackground, type Background } from './exec.js';
import { freePort, LOOPBACK, waitUntil } from './net.js';

export const FAKE_GCS_BINARY = 'fake-gcs-server';

type Env = Readonly<Record<string, string | undefined>>;

/** The lab's cache directory (Go-built tools live in its bin/). */
export const labCacheDir = (env: Env = process.env): string =>
  env.OH_ENV_LAB_CACHE || join(homedir(), '.cache', 'oh-env');

/** Where fake-gcs-server is: PATH first, then the lab's cache; undefined when neither has it. */
export function findFakeGcs(env: Env = process.env): string | undefined {
  const dirs = [...(env.PATH ?? '').split(delimiter).filter(Boolean), join(labCacheDir(env), 'bin')];
  return dirs.map((d) => join(d, FAKE_GCS_BINARY)).find((p) => existsSync(p) && statSync(p).isFile());
}

export interface FakeGcsOptions {
  /** Path of the binary; default findFakeGcs(). */
  readonly binary?: string;
  /** memory (default, fastest) or filesystem (objects survive a restart). */
  readonly backend?: 'memory' | 'filesystem';
  /** Root directory of the filesystem backend. */
  readonly root?: string;
  /** Fixed port; default a free loopback port. */
  readonly port?: number;
  readonly timeoutMs?: number;
}

export interface FakeGcs {
  /** http://127.0.0.1:<port>: the JSON API endpoint, STORAGE_EMULATOR_HOST and the Node client's apiEndpoint. */
  readonly url: string;
  readonly port: number;
  readonly pid: number | undefined;
  /** The server's last output lines (for error messages). */
  output(): string[];
  /** Stops and starts again on the same port (and root): what a crash and restart look like. */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

/** The flags the Node and Python clients need: plain http, and upload URLs that point back at this server. */
export function fakeGcsArgs(port: number, backend: 'memory' | 'filesystem', root?: string): string[] {
  const url = `http://${LOOPBACK}:${port}`;
  return [
    ...['-scheme', 'http', '-host', LOOPBACK, '-port', String(port)],
    ...['-backend', backend, ...(backend === 'filesystem' && root ? ['-filesystem-root', root] : [])],
    ...['-external-url', url, '-public-host', `${LOOPBACK}:${port}`, '-log-level', 'warn'],
  ];
}

export async function startFakeGcs(opts: FakeGcsOptions = {}): Promise<FakeGcs> {
  const binary = opts.binary ?? findFakeGcs();
  if (!binary)
    throw new OhEnvError('E_TOOL_MISSING', 'fake-gcs-server (the GCS emulator) was not found', {
      hint: 'run `npm run lab -- up` to build it into ~/.cache/oh-env/bin, or put fake-gcs-server on PATH',
    });
  const backend = opts.backend ?? 'memory';
  if (backend === 'filesystem' && !opts.root)
    throw new OhEnvError('E_USAGE', 'the filesystem backend of fake-gcs-server needs a root directory');
  let port = opts.port ?? (await freePort());
  let proc: { readonly bg: Background; exited: boolean } | undefined;

  const launch = async (): Promise<void> => {
    const bg = await runInBackground(binary, fakeGcsArgs(port, backend, opts.root));
    const current = { bg, exited: false };
    proc = current;
    const exited = bg.exited.then((code) => {
      current.exited = true;
      return code;
    });
    const url = `http://${LOOPBACK}:${port}`;
    let ready = false;
    await Promise.race([
      waitUntil(
        async () => !current.exited && (await fetch(`${url}/storage/v1/b`, { signal: AbortSignal.timeout(1000) })).ok,
        { timeoutMs: opts.timeoutMs ?? 20_000, everyMs: 20, what: 'fake-gcs-server' },
      ).then(() => void (ready = true)),
      // An exit before it answers ends the wait at once (a taken port, a broken binary).
      exited.then((code) => {
        if (!ready) throw new Error(`exited with code ${code}`);
      }),
    ]).catch(async (e: unknown) => {
      await bg.stop();
      throw new OhEnvError('E_COMMAND_FAILED', `fake-gcs-server did not start on ${url}`, {
        hint: 'the port may be taken, or the binary broken: run the command below by hand',
        details: [`$ ${bg.command}`, ...bg.output().slice(-20)],
        cause: e,
      });
    });
  };

  // A free port can be taken between the probe and the bind: try a couple of others before giving up.
  for (let attempt = 0; ; attempt++) {
    try {
      await launch();
      break;
    } catch (e) {
      if (opts.port !== undefined || attempt >= 2) throw e;
      port = await freePort();
    }
  }

  const stop = async (): Promise<void> => {
    const current = proc;
    proc = undefined;
    if (!current || current.exited) return;
    await current.bg.stop();
  };
  return {
    get url() {
      return `http://${LOOPBACK}:${port}`;
    },
    get port() {
      return port;
    },
    get pid() {
      return proc?.bg.pid;
    },
    output: () => proc?.bg.output() ?? [],
    restart: async () => {
      await stop();
      await launch();
    },
    stop,
  };
}

// --- The JSON API calls oh-env itself makes ---------------------------------------------------------------

const q = encodeURIComponent;

async function api(
  url: string,
  method: string,
  path: string,
  body?: Uint8Array | string,
  type?: string,
): Promise<Response> {
  const res = await fetch(`${url}${path}`, {
    method,
    ...(body !== undefined ? { body, headers: { 'content-type': type ?? 'application/json' } } : {}),
    signal: AbortSignal.timeout(10_000),
  });
  if (!res.ok && res.status !== 404)
    throw new OhEnvError('E_COMMAND_FAILED', `fake-gcs-server: ${method} ${path} answered ${res.status}`, {
      details: [(await res.text()).slice(0, 500)],
    });
  return res;
}

/** Creates a bucket (idempotent: an existing one is kept). */
export async function createBucket(url: string, bucket: string, opts: { versioning?: boolean } = {}): Promise<void> {
  const res = await fetch(`${url}/storage/v1/b?project=oh-env-local`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ name: bucket, ...(opts.versioning ? { versioning: { enabled: true } } : {}) }),
    signal: AbortSignal.timeout(10_000),
  });
  if (!res.ok && res.status !== 409)
    throw new OhEnvError('E_COMMAND_FAILED', `fake-gcs-server: creating bucket ${bucket} answered ${res.status}`, {
      details: [(await res.text()).slice(0, 500)],
    });
}

interface ObjectList {
  readonly items?: readonly { readonly name: string; readonly generation?: string }[];
  readonly nextPageToken?: string;
}

/** Names (and generations) of every object in a bucket, old versions included. */
export async function listObjects(url: string, bucket: string): Promise<{ name: string; generation?: string }[]> {
  const out: { name: string; generation?: string }[] = [];
  let token: string | undefined;
  do {
    const res = await api(
      url,
      'GET',
      `/storage/v1/b/${q(bucket)}/o?versions=true${token ? `&pageToken=${q(token)}` : ''}`,
    );
    const page = (res.status === 404 ? {} : await res.json()) as ObjectList;
    out.push(...(page.items ?? []));
    token = page.nextPageToken;
  } while (token);
  return out;
}

/** Deletes every object of a bucket (every version), keeping the bucket. */
export async function clearBucket(url: string, bucket: string): Promise<number> {
  const objects = await listObjects(url, bucket);
  await Promise.all(
    objects.map((o) =>
      api(
        url,
        'DELETE',
        `/storage/v1/b/${q(bucket)}/o/${q(o.name)}${o.generation ? `?generation=${q(o.generation)}` : ''}`,
      ),
    ),
  );
  return objects.length;
}

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.json': 'application/json',
  '.txt': 'text/plain',
  '.md': 'text/markdown',
  '.html': 'text/html',
  '.yaml': 'application/yaml',
  '.yml': 'application/yaml',
  '.png': 'image/png',
};

export async function putObject(url: string, bucket: string, name: string, data: Uint8Array, type: string) {
  await api(url, 'POST', `/upload/storage/v1/b/${q(bucket)}/o?uploadType=media&name=${q(name)}`, data, type);
}

/**
 * Uploads a seed folder laid out like fake-gcs-server's own `-data`: each top-level folder is a bucket, the
 * files under it its objects (their paths relative to it). Only buckets in `buckets` are seeded.
 */
export async function seedBuckets(url: string, dir: string, buckets: readonly string[]): Promise<number> {
  let count = 0;
  for (const bucket of buckets) {
    const root = join(dir, bucket);
    if (!existsSync(root)) continue;
    const files: string[] = [];
    const walk = (d: string): void => {
      for (const entry of readdirSync(d, { withFileTypes: true })) {
        const p = join(d, entry.name);
        if (entry.isDirectory()) walk(p);
        else if (entry.isFile()) files.push(p);
      }
    };
    walk(root);
    await Promise.all(
      files.map((f) =>
        putObject(
          url,
          bucket,
          relative(root, f).split(sep).join('/'),
          readFileSync(f),
          CONTENT_TYPES[extname(f).toLowerCase()] ?? 'application/octet-stream',
        ),
      ),
    );
    count += files.length;
  }
  return count;
}

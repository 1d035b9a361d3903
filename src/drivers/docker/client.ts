// The Docker engine connection. Two paths to the same API: read-only GETs go through node:http on the
// engine's socket (what the no-change `up` needs: importing dockerode alone takes ~300 ms, the whole budget),
// and everything else through dockerode, imported the first time something must change. Only this folder
// talks to Docker.
import type Dockerode from 'dockerode';
import { request } from 'node:http';
import { OhEnvError } from '../../errors.js';

export interface DockerClient {
  /** Where the engine is, for messages: unix:///var/run/docker.sock or tcp://host:port. */
  readonly endpoint: string;
  /** GET a JSON document; undefined when the engine answers 404. */
  get<T>(path: string): Promise<T | undefined>;
  /** The SDK, imported on first use. */
  sdk(): Promise<Dockerode>;
}

type Env = Readonly<Record<string, string | undefined>>;

interface Target {
  readonly socketPath?: string;
  readonly host?: string;
  readonly port?: number;
}

function parseHost(env: Env): { endpoint: string; target: Target | undefined } {
  const host = env.DOCKER_HOST || 'unix:///var/run/docker.sock';
  if (host.startsWith('unix://')) return { endpoint: host, target: { socketPath: host.slice('unix://'.length) } };
  const tcp = /^tcp:\/\/([^:/]+)(?::(\d+))?\/?$/.exec(host);
  // TLS and ssh:// engines are reached through dockerode only.
  if (tcp && !env.DOCKER_TLS_VERIFY && !env.DOCKER_CERT_PATH)
    return { endpoint: host, target: { host: tcp[1]!, port: Number(tcp[2] ?? 2375) } };
  return { endpoint: host, target: undefined };
}

class HttpError extends Error {
  constructor(
    readonly statusCode: number,
    message: string,
  ) {
    super(message);
  }
}

function httpGet(target: Target, path: string, timeoutMs: number): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ ...target, path, method: 'GET', timeout: timeoutMs }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    req.on('error', reject);
    req.end();
  });
}

export const unreachable = (endpoint: string, cause: unknown): OhEnvError =>
  new OhEnvError('E_DOCKER_UNREACHABLE', `cannot reach the Docker engine at ${endpoint}`, {
    hint:
      'start Docker (the lab starts one: `npm run lab -- up --for demo`), or point DOCKER_HOST at a running engine; ' +
      '`docker version` shows whether the CLI reaches it',
    cause,
    details: [cause instanceof Error ? cause.message : String(cause)],
  });

/** Connects and pings; a clear E_DOCKER_UNREACHABLE when no engine answers. */
export async function connectDocker(env: Env, timeoutMs = 5000): Promise<DockerClient> {
  const { endpoint, target } = parseHost(env);
  let sdk: Promise<Dockerode> | undefined;
  const loadSdk = (): Promise<Dockerode> => (sdk ??= import('dockerode').then(({ default: D }) => new D()));
  const client: DockerClient = {
    endpoint,
    sdk: loadSdk,
    async get<T>(path: string): Promise<T | undefined> {
      if (!target) {
        const d = await loadSdk();
        try {
          return (await new Promise<T>((resolve, reject) =>
            d.modem.dial({ path, method: 'GET', statusCodes: { 200: true, 404: 'not found' } }, (err, data) =>
              err ? reject(err) : resolve(data as T),
            ),
          )) as T;
        } catch (e) {
          if ((e as { statusCode?: number }).statusCode === 404) return undefined;
          throw e;
        }
      }
      const r = await httpGet(target, path, 30_000);
      if (r.status === 404) return undefined;
      if (r.status < 200 || r.status >= 300) throw new HttpError(r.status, `GET ${path}: ${r.status} ${r.body.trim()}`);
      return JSON.parse(r.body) as T;
    },
  };
  try {
    if (target) {
      const r = await httpGet(target, '/_ping', timeoutMs);
      if (r.status !== 200) throw new Error(`ping answered ${r.status}`);
    } else {
      const d = await loadSdk();
      await Promise.race([
        d.ping(),
        new Promise((_, reject) =>
          setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs).unref(),
        ),
      ]);
    }
  } catch (e) {
    throw unreachable(endpoint, e);
  }
  return client;
}

/** The HTTP status of a dockerode error (404 = no such object, 409 = conflict). */
export const statusOf = (e: unknown): number | undefined => (e as { statusCode?: number } | undefined)?.statusCode;

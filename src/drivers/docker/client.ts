// The Docker engine connection: every call of oh-env's Docker driver goes through `call` (a JSON answer),
// `get` (a JSON answer or undefined for 404) or `open` (a long-lived answer: events, logs, stats, exec output).
// Two transports behind them. Engines on a unix socket or a plain tcp:// address are reached with node:http
// directly: importing dockerode costs 140-340 ms on this project's machines, which is most of a no-change `up`
// and sits in front of the first container on a cold one. TLS (DOCKER_TLS_VERIFY / DOCKER_CERT_PATH) and ssh://
// engines go through dockerode's modem, which handles certificates and ssh; it is imported only then. Only this
// folder talks to Docker.
import type Dockerode from 'dockerode';
import { request, type IncomingMessage } from 'node:http';
import type { Readable } from 'node:stream';
import { OhEnvError } from '../../errors.js';

export interface ApiRequest {
  readonly method?: 'GET' | 'POST' | 'DELETE';
  /** Without the query string. */
  readonly path: string;
  readonly query?: Readonly<Record<string, string | number | boolean | undefined>>;
  /** Sent as JSON. */
  readonly body?: unknown;
  /** Exec output: dockerode upgrades the connection; node:http reads the raw stream until the engine closes it. */
  readonly hijack?: boolean;
}

/** A long-lived answer from the engine. */
export type EngineStream = Readable & { destroy(): void };

export interface DockerClient {
  /** Where the engine is, for messages: unix:///var/run/docker.sock or tcp://host:port. */
  readonly endpoint: string;
  /** One API call; the parsed JSON answer (undefined when empty). Non-2xx answers throw a DockerApiError. */
  call<T>(r: ApiRequest): Promise<T | undefined>;
  /** GET a JSON document; undefined when the engine answers 404. */
  get<T>(path: string): Promise<T | undefined>;
  /** Opens a streaming answer (events, logs, stats, exec output); rejects on a non-2xx answer. */
  open(r: ApiRequest): Promise<EngineStream>;
}

/** An answer other than 2xx; 304 (already started / stopped), 404 (no such object) and 409 (conflict) matter. */
export class DockerApiError extends Error {
  constructor(
    readonly statusCode: number,
    message: string,
  ) {
    super(message);
  }
}

/** The HTTP status of a failed call (404 = no such object, 409 = conflict). */
export const statusOf = (e: unknown): number | undefined => (e as { statusCode?: number } | undefined)?.statusCode;

type Env = Readonly<Record<string, string | undefined>>;

interface Target {
  readonly socketPath?: string;
  readonly host?: string;
  readonly port?: number;
}

/** Where DOCKER_HOST points, and whether node:http can reach it (undefined: TLS or ssh, dockerode's job). */
export function parseHost(env: Env): { endpoint: string; target: Target | undefined } {
  const host = env.DOCKER_HOST || 'unix:///var/run/docker.sock';
  if (host.startsWith('unix://')) return { endpoint: host, target: { socketPath: host.slice('unix://'.length) } };
  const tcp = /^tcp:\/\/([^:/]+)(?::(\d+))?\/?$/.exec(host);
  if (tcp && !env.DOCKER_TLS_VERIFY && !env.DOCKER_CERT_PATH)
    return { endpoint: host, target: { host: tcp[1]!, port: Number(tcp[2] ?? 2375) } };
  return { endpoint: host, target: undefined };
}

/** The query's parameters that have a value, as strings; undefined when none has (both transports use it). */
function queryParams(q: ApiRequest['query']): Record<string, string> | undefined {
  const entries = Object.entries(q ?? {}).filter((e): e is [string, string | number | boolean] => e[1] !== undefined);
  return entries.length === 0 ? undefined : Object.fromEntries(entries.map(([k, v]) => [k, String(v)]));
}

const queryString = (q: ApiRequest['query']): string => {
  const params = queryParams(q);
  return params ? `?${new URLSearchParams(params).toString()}` : '';
};

function readAll(stream: Readable): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    stream.setEncoding('utf8');
    stream.on('data', (c: string) => (text += c));
    stream.on('end', () => resolve(text));
    stream.on('error', reject);
  });
}

/** The engine's own words for a failure ({"message": "..."}), else the body as it is. */
function engineMessage(r: ApiRequest, status: number, body: string): string {
  let message = body.trim();
  try {
    message = (JSON.parse(body) as { message?: string }).message ?? message;
  } catch {
    // not JSON: keep the text
  }
  return `${r.method ?? 'GET'} ${r.path}: ${status} ${message}`;
}

type Send = (r: ApiRequest, timeoutMs: number | undefined) => Promise<EngineStream>;

/** node:http on the socket or tcp port. Resolves with the answer's body once a 2xx status arrived. */
function viaHttp(target: Target): Send {
  return (r, timeoutMs) =>
    new Promise((resolve, reject) => {
      const body = r.body === undefined ? undefined : JSON.stringify(r.body);
      const req = request(
        {
          ...target,
          path: `${r.path}${queryString(r.query)}`,
          method: r.method ?? 'GET',
          headers: body === undefined ? {} : { 'content-type': 'application/json' },
          ...(timeoutMs ? { timeout: timeoutMs } : {}),
        },
        (res: IncomingMessage) => {
          const status = res.statusCode ?? 0;
          if ((status >= 200 && status < 300) || status === 304) return resolve(res as EngineStream);
          readAll(res).then((text) => reject(new DockerApiError(status, engineMessage(r, status, text))), reject);
        },
      );
      if (timeoutMs) req.on('timeout', () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
      req.on('error', reject);
      req.end(body);
    });
}

/** dockerode's modem (TLS, ssh). Its errors carry statusCode too. */
function viaSdk(sdk: () => Promise<Dockerode>): Send {
  return async (r) => {
    const d = await sdk();
    const query = queryParams(r.query);
    return new Promise((resolve, reject) =>
      d.modem.dial(
        {
          // The modem appends the query itself when the path ends in '?', and sends `_body` as JSON.
          path: query ? `${r.path}?` : r.path,
          method: r.method ?? 'GET',
          options: { ...(query ? { _query: query } : {}), ...(r.body !== undefined ? { _body: r.body } : {}) },
          isStream: true,
          ...(r.hijack ? { hijack: true, openStdin: false } : {}),
          statusCodes: { 200: true, 201: true, 204: true, 304: true },
        },
        (err, stream) => (err ? reject(err as Error) : resolve(stream as EngineStream)),
      ),
    );
  };
}

export const unreachable = (endpoint: string, cause: unknown): OhEnvError =>
  new OhEnvError('E_DOCKER_UNREACHABLE', `cannot reach the Docker engine at ${endpoint}`, {
    hint:
      'start Docker (the lab starts one: `npm run lab -- up --for demo`), or point DOCKER_HOST at a running engine; ' +
      '`docker version` shows whether the CLI reaches it',
    cause,
    details: [cause instanceof Error ? cause.message : String(cause)],
  });

/** Calls that are not streams give up after this long (a stop waits for its own timeout first). */
const CALL_TIMEOUT_MS = 120_000;

/**
 * Connects and pings; a clear E_DOCKER_UNREACHABLE when no engine answers. `viaSdk` forces dockerode's modem
 * even where node:http would do (tests run both transports against the same engine).
 */
export async function connectDocker(env: Env, timeoutMs = 5000, o: { viaSdk?: boolean } = {}): Promise<DockerClient> {
  const { endpoint, target } = parseHost(env);
  let sdk: Promise<Dockerode> | undefined;
  const loadSdk = (): Promise<Dockerode> => (sdk ??= import('dockerode').then(({ default: D }) => new D()));
  const send = target && !o.viaSdk ? viaHttp(target) : viaSdk(loadSdk);
  const call = async <T>(r: ApiRequest, ms = CALL_TIMEOUT_MS): Promise<T | undefined> => {
    const text = await readAll(await send(r, ms));
    if (text.trim() === '') return undefined;
    try {
      return JSON.parse(text) as T;
    } catch {
      return text as T; // /_ping answers OK
    }
  };
  const client: DockerClient = {
    endpoint,
    call: (r) => call(r),
    async get<T>(path: string): Promise<T | undefined> {
      try {
        return await call<T>({ path });
      } catch (e) {
        if (statusOf(e) === 404) return undefined;
        throw e;
      }
    },
    open: (r) => send(r, undefined),
  };
  try {
    await Promise.race([
      call({ path: '/_ping' }, timeoutMs),
      new Promise((_, reject) =>
        setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs).unref(),
      ),
    ]);
  } catch (e) {
    throw unreachable(endpoint, e);
  }
  return client;
}

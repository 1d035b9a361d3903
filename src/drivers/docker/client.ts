// The Docker engine connection: every call of oh-env's Docker driver goes through `call` (a JSON answer),
// `get` (a JSON answer or undefined for 404) or `open` (a long-lived answer: events, logs, stats, exec output).
// Which engine: engine-endpoint.ts (the docker CLI's rules). Two transports send the one request wire.ts
// describes. Engines on a unix socket or a plain tcp:// address are reached with node:http directly: importing
// dockerode costs 140-340 ms on this project's machines, which is most of a no-change `up` and sits in front of
// the first container on a cold one. TLS and ssh:// engines go through dockerode's modem, which handles
// certificates and ssh; it is imported only then. Only this folder talks to Docker.
import type Dockerode from 'dockerode';
import { request, type IncomingMessage } from 'node:http';
import type { Readable } from 'node:stream';
import { OhEnvError } from '../../errors.js';
import { diskReader, type FileReader } from '../files.js';
import { findEngine, type EngineEndpoint } from './engine-endpoint.js';
import { MIN_API_VERSION, negotiateApiVersion, wireRequest, type ApiRequest, type WireRequest } from './wire.js';

export type { ApiRequest } from './wire.js';

/** A long-lived answer from the engine. */
export type EngineStream = Readable & { destroy(): void };

export interface DockerClient {
  /** Where the engine is, for messages: unix:///var/run/docker.sock or tcp://host:port. */
  readonly endpoint: string;
  /** The Engine API version every request names (negotiated at connect). */
  readonly apiVersion: string;
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

/** Where node:http can reach the engine; undefined for TLS and ssh (dockerode's modem's job). */
function httpTarget(e: EngineEndpoint): { socketPath?: string; host?: string; port?: number } | undefined {
  if (e.host.startsWith('unix://')) return { socketPath: e.host.slice('unix://'.length) };
  const tcp = /^tcp:\/\/([^:/]+)(?::(\d+))?\/?$/.exec(e.host);
  return tcp && !e.tls ? { host: tcp[1]!, port: Number(tcp[2] ?? 2375) } : undefined;
}

/** dockerode's options for the endpoint (not its own reading of process.env, which knows no contexts). */
function modemOptions(e: EngineEndpoint, env: Env, files: FileReader): Dockerode.DockerOptions {
  const url = new URL(e.host);
  if (url.protocol === 'unix:') return { socketPath: url.pathname, host: undefined };
  if (url.protocol === 'ssh:')
    return {
      protocol: 'ssh',
      host: url.hostname,
      port: url.port || 22,
      ...(url.username ? { username: decodeURIComponent(url.username) } : {}),
      sshOptions: { agent: env.SSH_AUTH_SOCK },
    };
  const pem = (name: string): string | undefined =>
    e.tls && files.exists(`${e.tls.certPath}/${name}`) ? files.read(`${e.tls.certPath}/${name}`) : undefined;
  return {
    socketPath: undefined,
    protocol: e.tls ? 'https' : 'http',
    host: url.hostname,
    port: url.port || (e.tls ? 2376 : 2375),
    ...(e.tls ? { ca: pem('ca.pem'), cert: pem('cert.pem'), key: pem('key.pem') } : {}),
  };
}

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
function engineMessage(w: WireRequest, status: number, body: string): string {
  let message = body.trim();
  try {
    message = (JSON.parse(body) as { message?: string }).message ?? message;
  } catch {
    // not JSON: keep the text
  }
  return `${w.method} ${w.path}: ${status} ${message}`;
}

type Send = (w: WireRequest, hijack: boolean, timeoutMs: number | undefined) => Promise<EngineStream>;

/** node:http on the socket or tcp port. Resolves with the answer's body once a 2xx status arrived. */
function viaHttp(target: NonNullable<ReturnType<typeof httpTarget>>): Send {
  // A hijacked exec stream is read as an ordinary answer until the engine closes it: no upgrade needed.
  return (w, _hijack, timeoutMs) =>
    new Promise((resolve, reject) => {
      const req = request(
        {
          ...target,
          path: w.path,
          method: w.method,
          headers: { ...w.headers, ...(w.body ? { 'Content-Length': String(w.body.length) } : {}) },
          ...(timeoutMs ? { timeout: timeoutMs } : {}),
        },
        (res: IncomingMessage) => {
          const status = res.statusCode ?? 0;
          if ((status >= 200 && status < 300) || status === 304) return resolve(res as EngineStream);
          readAll(res).then((text) => reject(new DockerApiError(status, engineMessage(w, status, text))), reject);
        },
      );
      if (timeoutMs) req.on('timeout', () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
      req.on('error', reject);
      req.end(w.body);
    });
}

/** dockerode's modem (TLS, ssh), sending the wire request as it is. Its errors carry statusCode too. */
function viaSdk(sdk: () => Promise<Dockerode>): Send {
  return async (w, hijack) => {
    const d = await sdk();
    return new Promise((resolve, reject) =>
      d.modem.dial(
        {
          // The modem rewrites a path with a '?' unless it has options, and appends `_query` (empty here: the
          // query string is already in the path); `file` is sent as the body as it is, under our headers.
          path: w.path,
          method: w.method,
          headers: { ...w.headers },
          options: { _query: {} },
          ...(w.body ? { file: w.body } : w.method === 'POST' ? { file: Buffer.alloc(0) } : {}),
          isStream: true,
          ...(hijack ? { hijack: true, openStdin: false } : {}),
          statusCodes: { 200: true, 201: true, 204: true, 304: true },
        },
        (err, stream) => (err ? reject(err as Error) : resolve(stream as EngineStream)),
      ),
    );
  };
}

/** An engine older than the oh-env's floor (or one that refused the negotiated version). */
const tooOld = (endpoint: string, engineVersion: string | undefined, cause?: unknown): OhEnvError =>
  new OhEnvError(
    'E_DOCKER_UNREACHABLE',
    `the Docker engine at ${endpoint} speaks API ${engineVersion ?? '(unknown)'}, older than ${MIN_API_VERSION}`,
    {
      hint: `oh-env needs Docker Engine 20.10 or newer (API ${MIN_API_VERSION}); \`docker version\` shows the engine's`,
      ...(cause ? { cause, details: [(cause as Error).message] } : {}),
    },
  );

export const unreachable = (endpoint: string, cause: unknown, from?: string): OhEnvError =>
  statusOf(cause) === 400
    ? tooOld(endpoint, undefined, cause)
    : new OhEnvError(
        'E_DOCKER_UNREACHABLE',
        `cannot reach the Docker engine at ${endpoint}${from ? ` (${from})` : ''}`,
        {
          hint:
            'start Docker (the lab starts one: `npm run lab -- up --for demo`), or point DOCKER_HOST at a running engine; ' +
            '`docker version` shows whether the CLI reaches it',
          cause,
          details: [cause instanceof Error ? cause.message : String(cause)],
        },
      );

/** Calls that are not streams give up after this long (a stop waits for its own timeout first). */
const CALL_TIMEOUT_MS = 120_000;

export interface ConnectOptions {
  /** Forces dockerode's modem even where node:http would do (tests run both transports against one engine). */
  readonly viaSdk?: boolean;
  /** Reads the Docker config, contexts and certificates (default: the disk). */
  readonly files?: FileReader;
}

/** Connects to the engine findEngine() names and pings it; a clear E_DOCKER_UNREACHABLE when none answers. */
export async function connectDocker(env: Env, timeoutMs = 5000, o: ConnectOptions = {}): Promise<DockerClient> {
  const files = o.files ?? diskReader;
  const engine = findEngine(env, files);
  const target = httpTarget(engine);
  let sdk: Promise<Dockerode> | undefined;
  const loadSdk = (): Promise<Dockerode> =>
    (sdk ??= import('dockerode').then(({ default: D }) => new D(modemOptions(engine, env, files))));
  const transport = target && !o.viaSdk ? viaHttp(target) : viaSdk(loadSdk);
  let version = MIN_API_VERSION;
  const send = (r: ApiRequest, ms: number | undefined): Promise<EngineStream> =>
    transport(wireRequest(r, version), r.hijack === true, ms);
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
    endpoint: engine.host,
    get apiVersion() {
      return version;
    },
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
  let engineVersion: string | undefined;
  try {
    // Unversioned, as the docker CLI does: the answer's API-Version header is the engine's newest version.
    const ping = await Promise.race([
      send({ path: '/_ping', unversioned: true }, timeoutMs),
      new Promise<never>((_, reject) =>
        setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs).unref(),
      ),
    ]);
    const header = (ping as Partial<IncomingMessage>).headers?.['api-version'];
    engineVersion = Array.isArray(header) ? header[0] : header;
    ping.resume();
  } catch (e) {
    throw unreachable(engine.host, e, engine.from);
  }
  const negotiated = negotiateApiVersion(engineVersion);
  if (!negotiated) throw tooOld(engine.host, engineVersion);
  version = negotiated;
  return client;
}

// Which Docker engine oh-env talks to, decided once, the way the docker CLI decides it, so `up`, `status`, `ps`,
// `logs` (through connectDocker) and `emulate`/the testing API (through testcontainers) always reach the same
// engine as `docker` itself does. Pure: the environment and a file reader in, an endpoint out.
import { createHash } from 'node:crypto';
import { OhEnvError } from '../../errors.js';
import type { FileReader } from '../files.js';

type Env = Readonly<Record<string, string | undefined>>;

export interface EngineTls {
  /** Folder holding ca.pem, cert.pem and key.pem. */
  readonly certPath: string;
  /** Whether the engine's certificate is checked against ca.pem (DOCKER_TLS_VERIFY, a context's SkipTLSVerify). */
  readonly verify: boolean;
}

export interface EngineEndpoint {
  /** In DOCKER_HOST's form: unix:///path, tcp://host:port, ssh://user@host. */
  readonly host: string;
  /** Where the choice came from, for messages: DOCKER_HOST, Docker context "x", the rootless socket, … */
  readonly from: string;
  readonly tls?: EngineTls;
}

export const DEFAULT_SOCKET = 'unix:///var/run/docker.sock';

/** $DOCKER_CONFIG, else ~/.docker (undefined when neither is known). */
function configDir(env: Env): string | undefined {
  if (env.DOCKER_CONFIG) return env.DOCKER_CONFIG;
  return env.HOME ? `${env.HOME}/.docker` : undefined;
}

function readJson(files: FileReader, path: string): unknown {
  if (!files.exists(path)) return undefined;
  try {
    return JSON.parse(files.read(path)) as unknown;
  } catch (e) {
    throw new OhEnvError('E_DOCKER_UNREACHABLE', `cannot read ${path}: ${(e as Error).message}`, {
      hint: 'fix or remove the file (the docker CLI reads it too), or set DOCKER_HOST',
      cause: e,
    });
  }
}

/** The context the docker CLI would use: DOCKER_CONTEXT, else config.json's currentContext ("default": none). */
function contextName(env: Env, dir: string | undefined, files: FileReader): string | undefined {
  const name =
    env.DOCKER_CONTEXT ||
    (dir ? (readJson(files, `${dir}/config.json`) as { currentContext?: string } | undefined)?.currentContext : '');
  return name && name !== 'default' ? name : undefined;
}

/** A named context's endpoint: contexts/meta/<sha256 of the name>/meta.json, TLS under contexts/tls/<sha>/docker. */
function fromContext(name: string, dir: string | undefined, files: FileReader): EngineEndpoint {
  const sha = createHash('sha256').update(name).digest('hex');
  const meta = dir ? `${dir}/contexts/meta/${sha}/meta.json` : undefined;
  const doc = meta ? (readJson(files, meta) as ContextMeta | undefined) : undefined;
  const docker = doc?.Endpoints?.docker;
  if (!docker?.Host)
    throw new OhEnvError('E_DOCKER_UNREACHABLE', `Docker context "${name}" has no Docker endpoint`, {
      hint: '`docker context ls` lists the contexts; `docker context use default` or DOCKER_HOST picks another engine',
      details: [meta ? `looked in ${meta}` : 'neither DOCKER_CONFIG nor HOME is set'],
    });
  const tlsDir = `${dir}/contexts/tls/${sha}/docker`;
  const tls = files.exists(`${tlsDir}/ca.pem`) || files.exists(`${tlsDir}/cert.pem`);
  return {
    host: docker.Host,
    from: `Docker context "${name}"`,
    ...(tls ? { tls: { certPath: tlsDir, verify: docker.SkipTLSVerify !== true } } : {}),
  };
}

interface ContextMeta {
  Endpoints?: { docker?: { Host?: string; SkipTLSVerify?: boolean } };
}

/**
 * DOCKER_HOST (with DOCKER_TLS_VERIFY / DOCKER_CERT_PATH); else the current Docker context; else the rootless
 * socket ($XDG_RUNTIME_DIR/docker.sock) when it exists; else /var/run/docker.sock. DOCKER_HOST wins over
 * DOCKER_CONTEXT, as in the docker CLI.
 */
export function findEngine(env: Env, files: FileReader): EngineEndpoint {
  const dir = configDir(env);
  if (env.DOCKER_HOST) {
    // As the docker CLI: any DOCKER_TLS_VERIFY turns verification on; certificates default to the config dir.
    const verify = Boolean(env.DOCKER_TLS_VERIFY);
    const certPath = env.DOCKER_CERT_PATH || (verify ? dir : undefined);
    return {
      host: env.DOCKER_HOST,
      from: 'DOCKER_HOST',
      ...(certPath && !env.DOCKER_HOST.startsWith('unix://') ? { tls: { certPath, verify } } : {}),
    };
  }
  const context = contextName(env, dir, files);
  if (context) return fromContext(context, dir, files);
  const rootless = env.XDG_RUNTIME_DIR ? `${env.XDG_RUNTIME_DIR}/docker.sock` : undefined;
  if (rootless && files.exists(rootless)) return { host: `unix://${rootless}`, from: 'the rootless socket' };
  return { host: DEFAULT_SOCKET, from: 'the default socket' };
}

/**
 * The same engine in the environment variables testcontainers (and the docker CLI) read, so an emulator
 * starts where `up` would. Unset entries are given as undefined so a stale value does not survive.
 */
export function engineEnv(
  e: EngineEndpoint,
): Record<'DOCKER_HOST' | 'DOCKER_TLS_VERIFY' | 'DOCKER_CERT_PATH', string | undefined> {
  return {
    DOCKER_HOST: e.host,
    DOCKER_TLS_VERIFY: e.tls?.verify ? '1' : undefined,
    DOCKER_CERT_PATH: e.tls?.certPath,
  };
}

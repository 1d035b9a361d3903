// One description of an Engine API request as it goes on the wire — method, versioned path with its query
// string, headers, body — from which BOTH transports of the client send, so they cannot drift apart (they did:
// a path that carried its own query string lost its last character through dockerode's modem).

/**
 * The Engine API version every request names. The calls oh-env makes need 1.29 (Healthcheck.StartPeriod; Init
 * and NanoCpus are 1.25), but an engine emulates older behaviour for older versions: below 1.41 a container is
 * created in the host's cgroup namespace on cgroup v2, unlike what `docker compose` creates on the same engine.
 * 1.41 (Docker Engine 20.10) is the first version at which oh-env's containers are Compose's containers.
 */
export const ENGINE_API_VERSION = '1.41';

export interface ApiRequest {
  readonly method?: 'GET' | 'POST' | 'DELETE';
  /** Unversioned (`/containers/json`); may carry a query string of its own, merged with `query`. */
  readonly path: string;
  readonly query?: Readonly<Record<string, string | number | boolean | undefined>>;
  /** Sent as JSON. */
  readonly body?: unknown;
  /** Exec output: the engine takes over the connection (dockerode upgrades it; node:http reads it to the end). */
  readonly hijack?: boolean;
}

export interface WireRequest {
  readonly method: 'GET' | 'POST' | 'DELETE';
  /** `/v1.41/containers/json?all=1&filters=…` */
  readonly path: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: Buffer;
}

/** The request both transports send. */
export function wireRequest(r: ApiRequest): WireRequest {
  const method = r.method ?? 'GET';
  const [path, own] = r.path.split('?', 2) as [string, string | undefined];
  const params = new URLSearchParams(own);
  for (const [k, v] of Object.entries(r.query ?? {})) if (v !== undefined) params.set(k, String(v));
  const qs = params.toString();
  const body = r.body === undefined ? undefined : Buffer.from(JSON.stringify(r.body));
  return {
    method,
    path: `/v${ENGINE_API_VERSION}${path}${qs ? `?${qs}` : ''}`,
    // Every POST says JSON, body or not: dockerode's modem would call an empty one application/tar otherwise.
    headers: method === 'POST' ? { 'Content-Type': 'application/json' } : {},
    ...(body ? { body } : {}),
  };
}

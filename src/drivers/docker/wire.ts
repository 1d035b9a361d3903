// One description of an Engine API request as it goes on the wire — method, versioned path with its query
// string, headers, body — from which BOTH transports of the client send, so they cannot drift apart (they did:
// a path that carried its own query string lost its last character through dockerode's modem).

/**
 * The Engine API versions oh-env speaks; every request names one, negotiated once per connection as the docker
 * CLI does (the engine's own version from an unversioned /_ping, capped at the newest we know). The calls oh-env
 * makes need 1.29 (Healthcheck.StartPeriod; Init and NanoCpus are 1.25), but an engine emulates older behaviour
 * for older versions: below 1.41 a container is created in the host's cgroup namespace on cgroup v2, unlike what
 * `docker compose` creates on the same engine. So 1.41 (Docker Engine 20.10) is the floor. There must be no
 * fixed single version: Docker Engine 29 refuses every version below 1.44.
 */
export const MIN_API_VERSION = '1.41';
/** The newest version whose answers the driver was checked against (Docker Engine 27). */
export const MAX_API_VERSION = '1.47';

const parts = (v: string): [number, number] => {
  const [major, minor] = v.split('.').map(Number) as [number, number | undefined];
  return [major || 0, minor ?? 0];
};
/** -1, 0 or 1 as API version a is older than, the same as or newer than b. */
export function compareApiVersions(a: string, b: string): number {
  const [am, an] = parts(a);
  const [bm, bn] = parts(b);
  return Math.sign(am - bm || an - bn);
}

/**
 * The version to speak with an engine whose newest is `engine` (its /_ping `API-Version` header): that one,
 * capped at MAX_API_VERSION; undefined when the engine is older than MIN_API_VERSION. An engine that does not
 * say gets the floor.
 */
export function negotiateApiVersion(engine: string | undefined): string | undefined {
  if (!engine || !/^\d+\.\d+$/.test(engine)) return MIN_API_VERSION;
  if (compareApiVersions(engine, MIN_API_VERSION) < 0) return undefined;
  return compareApiVersions(engine, MAX_API_VERSION) > 0 ? MAX_API_VERSION : engine;
}

export interface ApiRequest {
  readonly method?: 'GET' | 'POST' | 'DELETE';
  /** Unversioned (`/containers/json`); may carry a query string of its own, merged with `query`. */
  readonly path: string;
  readonly query?: Readonly<Record<string, string | number | boolean | undefined>>;
  /** Sent as JSON. */
  readonly body?: unknown;
  /** Exec output: the engine takes over the connection (dockerode upgrades it; node:http reads it to the end). */
  readonly hijack?: boolean;
  /** Sent without a version prefix: only the /_ping that negotiates the version. */
  readonly unversioned?: boolean;
}

export interface WireRequest {
  readonly method: 'GET' | 'POST' | 'DELETE';
  /** `/v1.47/containers/json?all=1&filters=…` */
  readonly path: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: Buffer;
}

/** The request both transports send, naming API `version`. */
export function wireRequest(r: ApiRequest, version: string): WireRequest {
  const method = r.method ?? 'GET';
  const [path, own] = r.path.split('?', 2) as [string, string | undefined];
  const params = new URLSearchParams(own);
  for (const [k, v] of Object.entries(r.query ?? {})) if (v !== undefined) params.set(k, String(v));
  const qs = params.toString();
  const body = r.body === undefined ? undefined : Buffer.from(JSON.stringify(r.body));
  return {
    method,
    path: `${r.unversioned ? '' : `/v${version}`}${path}${qs ? `?${qs}` : ''}`,
    // Every POST says JSON, body or not: dockerode's modem would call an empty one application/tar otherwise.
    headers: method === 'POST' ? { 'Content-Type': 'application/json' } : {},
    ...(body ? { body } : {}),
  };
}

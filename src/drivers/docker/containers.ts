// Containers: listed by label, created from a full create body, started, stopped, removed. The bodies are
// built by the targets (targets/local/container-spec.ts); this module only speaks the API.
import type { DockerClient } from './client.js';
import { statusOf } from './client.js';

export type ContainerState = 'created' | 'running' | 'paused' | 'restarting' | 'removing' | 'exited' | 'dead';

export interface ContainerSummary {
  readonly id: string;
  /** Without the leading slash. */
  readonly name: string;
  readonly image: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly state: ContainerState;
  /** Docker's status text, e.g. "Up 3 minutes (healthy)" or "Exited (0) 2 seconds ago". */
  readonly status: string;
  /** Parsed from the status text: healthy / unhealthy / starting, when the container has a health check. */
  readonly health?: 'healthy' | 'unhealthy' | 'starting';
  /** Exit code parsed from the status text of an exited container. */
  readonly exitCode?: number;
  readonly ports: readonly {
    readonly ip?: string;
    readonly privatePort: number;
    readonly publicPort?: number;
    readonly type: string;
  }[];
  readonly created: number;
}

interface ApiSummary {
  Id: string;
  Names: string[];
  Image: string;
  Labels: Record<string, string> | null;
  State: ContainerState;
  Status: string;
  Created: number;
  Ports: { IP?: string; PrivatePort: number; PublicPort?: number; Type: string }[];
}

function summary(c: ApiSummary): ContainerSummary {
  const health = /\((healthy|unhealthy|health: starting)\)/.exec(c.Status)?.[1];
  const exit = /^Exited \((-?\d+)\)/.exec(c.Status)?.[1];
  return {
    id: c.Id,
    name: (c.Names[0] ?? '').replace(/^\//, ''),
    image: c.Image,
    labels: c.Labels ?? {},
    state: c.State,
    status: c.Status,
    ...(health ? { health: health === 'health: starting' ? 'starting' : (health as 'healthy' | 'unhealthy') } : {}),
    ...(exit !== undefined ? { exitCode: Number(exit) } : {}),
    ports: c.Ports.map((p) => ({
      ...(p.IP ? { ip: p.IP } : {}),
      privatePort: p.PrivatePort,
      ...(p.PublicPort ? { publicPort: p.PublicPort } : {}),
      type: p.Type,
    })),
    created: c.Created,
  };
}

/** Every container (running or not) carrying all the given labels (`key=value` or `key`). */
export async function listContainers(
  client: DockerClient,
  labels: readonly string[] = [],
): Promise<ContainerSummary[]> {
  const filters = labels.length > 0 ? `&filters=${encodeURIComponent(JSON.stringify({ label: labels }))}` : '';
  const list = (await client.get<ApiSummary[]>(`/containers/json?all=1${filters}`)) ?? [];
  return list.map(summary);
}

export interface ContainerDetails {
  readonly id: string;
  readonly name: string;
  readonly running: boolean;
  readonly status: string;
  readonly exitCode: number;
  readonly health?: string;
  readonly startedAt: string;
  readonly finishedAt: string;
  readonly restartCount: number;
  readonly labels: Readonly<Record<string, string>>;
  readonly env: readonly string[];
  /** The container's address on its first network with one (reachable from the engine's host). */
  readonly ip?: string;
}

export async function inspectContainer(client: DockerClient, id: string): Promise<ContainerDetails | undefined> {
  const c = await client.get<{
    Id: string;
    Name: string;
    RestartCount: number;
    State: {
      Running: boolean;
      Status: string;
      ExitCode: number;
      StartedAt: string;
      FinishedAt: string;
      Health?: { Status: string };
    };
    Config: { Labels: Record<string, string> | null; Env: string[] | null };
    NetworkSettings?: { Networks?: Record<string, { IPAddress?: string }> | null };
  }>(`/containers/${encodeURIComponent(id)}/json`);
  if (!c) return undefined;
  const ip = Object.values(c.NetworkSettings?.Networks ?? {}).find((n) => n.IPAddress)?.IPAddress;
  return {
    id: c.Id,
    name: c.Name.replace(/^\//, ''),
    running: c.State.Running,
    status: c.State.Status,
    exitCode: c.State.ExitCode,
    ...(c.State.Health ? { health: c.State.Health.Status } : {}),
    startedAt: c.State.StartedAt,
    finishedAt: c.State.FinishedAt,
    restartCount: c.RestartCount,
    labels: c.Config.Labels ?? {},
    env: c.Config.Env ?? [],
    ...(ip ? { ip } : {}),
  };
}

/** Creates a container from a full Docker API create body (`name` included); returns its id. */
export async function createContainer(client: DockerClient, body: Readonly<Record<string, unknown>>): Promise<string> {
  const { name, ...config } = body as { name?: string };
  const r = await client.call<{ Id: string }>({
    method: 'POST',
    path: '/containers/create',
    ...(name ? { query: { name } } : {}),
    body: config,
  });
  return r!.Id;
}

const container = (id: string, action = ''): string => `/containers/${encodeURIComponent(id)}${action}`;

/** Starts a container; one that already runs (304) is fine. */
export async function startContainer(client: DockerClient, id: string): Promise<void> {
  await client.call({ method: 'POST', path: container(id, '/start') });
}

export async function stopContainer(client: DockerClient, id: string, timeoutS = 10): Promise<void> {
  try {
    await client.call({ method: 'POST', path: container(id, '/stop'), query: { t: timeoutS } });
  } catch (e) {
    if (statusOf(e) === 404) return; // gone (304, already stopped, is a success)
    throw e;
  }
}

export async function restartContainer(client: DockerClient, id: string, timeoutS = 10): Promise<void> {
  await client.call({ method: 'POST', path: container(id, '/restart'), query: { t: timeoutS } });
}

export async function killContainer(client: DockerClient, id: string): Promise<void> {
  try {
    await client.call({ method: 'POST', path: container(id, '/kill') });
  } catch (e) {
    if (statusOf(e) === 409 || statusOf(e) === 404) return; // not running or gone
    throw e;
  }
}

export async function removeContainer(client: DockerClient, id: string, opts: { force?: boolean } = {}): Promise<void> {
  try {
    await client.call({ method: 'DELETE', path: container(id), query: { force: opts.force ?? false, v: false } });
  } catch (e) {
    if (statusOf(e) === 404) return;
    throw e;
  }
}

// The local status source: inspects the Compose project's containers once, then follows Docker's event
// stream (no polling) and re-inspects only the container an event names. Log and stats streams are opened
// per running container when asked for.
import type { DockerClient } from '../../drivers/docker/client.js';
import { followProjectEvents, type ProjectEvents } from '../../drivers/docker/events.js';
import { restartContainer } from '../../drivers/docker/containers.js';
import { followLogs } from '../../drivers/docker/logs.js';
import { followStats } from '../../drivers/docker/stats.js';
import type { EventInput, EventSink } from '../../events/types.js';
import type { StatusOptions, StatusSource } from '../status-source.js';
import { L } from './compose-labels.js';
import { kindOf } from '../../render/labels.js';

/** The parts of GET /containers/{id}/json the status needs. */
export interface InspectDoc {
  Id: string;
  Name: string;
  RestartCount?: number;
  State: {
    Status: string;
    Running?: boolean;
    Restarting?: boolean;
    OOMKilled?: boolean;
    ExitCode?: number;
    Error?: string;
    StartedAt?: string;
    Health?: { Status: string; Log?: { ExitCode?: number; Output?: string }[] | null };
  };
  Config: { Image?: string; Labels?: Record<string, string> | null; Env?: string[] | null; Tty?: boolean };
  NetworkSettings?: { Ports?: Record<string, { HostIp?: string; HostPort?: string }[] | null> | null };
}

const LOG_TAIL = 20;

export const serviceOf = (c: Pick<InspectDoc, 'Name' | 'Config'>): string =>
  c.Config.Labels?.[L.service] ?? c.Name.replace(/^\//, '');

function portsOf(c: InspectDoc): string[] {
  const out: string[] = [];
  for (const [key, binds] of Object.entries(c.NetworkSettings?.Ports ?? {}))
    for (const b of binds ?? []) if (b.HostPort) out.push(`${b.HostIp ?? ''}:${b.HostPort}->${key}`);
  return [...new Set(out)].sort();
}

const isoMs = (s: string | undefined): number | undefined => {
  if (!s || s.startsWith('0001-')) return undefined;
  const t = Date.parse(s);
  return Number.isNaN(t) ? undefined : t;
};

/** One container's inspect document as a resource.status event (env keys only, never values). */
export function statusOf(c: InspectDoc): Extract<EventInput, { type: 'resource.status' }> {
  const labels = c.Config.Labels ?? {};
  const kind = kindOf(labels);
  const health = c.State.Health?.Status;
  const lastCheck = c.State.Health?.Log?.at(-1);
  const base = {
    type: 'resource.status' as const,
    resource: serviceOf(c),
    kind,
    ...(c.Config.Image ? { image: c.Config.Image } : {}),
    ports: portsOf(c),
    restarts: c.RestartCount ?? 0,
    envKeys: (c.Config.Env ?? []).map((e) => e.split('=', 1)[0]!).sort(),
    ...(health ? { health } : {}),
    ...(lastCheck?.Output !== undefined ? { healthOutput: lastCheck.Output.trim().slice(-500) } : {}),
  };
  const started = isoMs(c.State.StartedAt);
  switch (c.State.Status) {
    case 'created':
      return { ...base, state: 'pending', reason: 'created, not started' };
    case 'restarting':
      return { ...base, state: 'starting', reason: 'restarting' };
    case 'running':
    case 'paused': {
      const state =
        health === 'healthy' ? 'healthy' : health === 'unhealthy' ? 'unhealthy' : health ? 'starting' : 'running';
      return {
        ...base,
        state,
        ...(started !== undefined ? { startedAt: started } : {}),
        ...(c.State.Status === 'paused' ? { reason: 'paused' } : {}),
      };
    }
    case 'removing':
      return { ...base, state: 'removed', reason: 'being removed' };
    default: {
      // exited, dead
      const code = c.State.ExitCode ?? 0;
      const reason = c.State.OOMKilled
        ? 'OOMKilled'
        : c.State.Error
          ? c.State.Error
          : code === 0
            ? kind === 'job'
              ? 'completed'
              : 'exited'
            : `exited with code ${code}`;
      return { ...base, state: 'exited', exitCode: code, reason };
    }
  }
}

export class LocalStatusSource implements StatusSource {
  readonly context: string;
  private events: ProjectEvents | undefined;
  private sink: EventSink | undefined;
  private opts: StatusOptions = { follow: false, logs: false, stats: false };
  /** Service name → container id, as last seen. */
  private readonly ids = new Map<string, string>();
  /** Container id → what follows its logs and stats. */
  private readonly followers = new Map<string, AbortController>();
  private readonly inflight = new Map<string, Promise<void>>();
  private closed = false;

  constructor(
    private readonly client: DockerClient,
    private readonly project: string,
    private readonly now: () => number = Date.now,
  ) {
    this.context = client.endpoint;
  }

  private send(e: EventInput): void {
    this.sink?.emit({ ...e, time: this.now() } as Parameters<EventSink['emit']>[0]);
  }

  async start(sink: EventSink, o: StatusOptions): Promise<void> {
    this.sink = sink;
    this.opts = o;
    if (o.follow)
      // Subscribe before the first read, so nothing that happens in between is missed.
      this.events = await followProjectEvents(
        this.client,
        this.project,
        (e) => {
          if (e.action === 'destroy') return this.removed(e.id);
          void this.refresh(e.id);
        },
        { onReconnect: () => void this.readAll() },
      );
    await this.readAll();
  }

  private async readAll(): Promise<void> {
    const filters = encodeURIComponent(JSON.stringify({ label: [`${L.project}=${this.project}`] }));
    const list = (await this.client.get<{ Id: string }[]>(`/containers/json?all=1&filters=${filters}`)) ?? [];
    await Promise.all(list.map((c) => this.refresh(c.Id)));
  }

  /** Inspects of one container run one after another, so an older answer never overwrites a newer one. */
  private refresh(id: string): Promise<void> {
    const next = (this.inflight.get(id) ?? Promise.resolve()).then(() => this.inspect(id));
    this.inflight.set(id, next);
    void next.finally(() => {
      if (this.inflight.get(id) === next) this.inflight.delete(id);
    });
    return next;
  }

  private async inspect(id: string): Promise<void> {
    if (this.closed) return;
    const c = await this.client.get<InspectDoc>(`/containers/${encodeURIComponent(id)}/json`).catch(() => undefined);
    if (this.closed) return;
    if (!c) return this.removed(id);
    if (c.Config.Labels?.[L.oneoff] === 'True') return; // `docker compose run` containers are not the service
    const status = statusOf(c);
    this.ids.set(status.resource, c.Id);
    this.send(status);
    if (this.opts.follow && (c.State.Status === 'running' || c.State.Status === 'restarting'))
      this.follow(c.Id, status.resource, c.Config.Tty === true);
  }

  private removed(id: string): void {
    this.followers.get(id)?.abort();
    this.followers.delete(id);
    for (const [name, known] of this.ids)
      if (known === id) {
        this.ids.delete(name);
        this.send({
          type: 'resource.status',
          resource: name,
          kind: 'service',
          state: 'removed',
          reason: 'container removed',
        });
      }
  }

  /** Log and stats streams of a running container, opened once per container id; they end when it stops. */
  private follow(id: string, resource: string, tty: boolean): void {
    if (this.followers.has(id) || (!this.opts.logs && !this.opts.stats)) return;
    const ac = new AbortController();
    this.followers.set(id, ac);
    const streams: Promise<void>[] = [];
    if (this.opts.logs) streams.push(this.followLogs(id, resource, tty, ac.signal));
    if (this.opts.stats)
      streams.push(
        followStats(this.client, id, ac.signal, (s) =>
          this.send({ type: 'resource.stats', resource, cpuPercent: s.cpuPercent, memoryBytes: s.memoryBytes }),
        ),
      );
    // When the container stops, its streams end; the next start opens new ones.
    void Promise.allSettled(streams).then(() => {
      if (this.followers.get(id) === ac) this.followers.delete(id);
    });
  }

  /** The last lines and what follows, until the container stops or the signal aborts. */
  private async followLogs(id: string, resource: string, tty: boolean, signal: AbortSignal): Promise<void> {
    await followLogs(this.client, id, { follow: true, tail: LOG_TAIL, signal, tty }, (l) =>
      this.send({ type: 'log', resource, stream: l.stream, line: l.line }),
    ).catch(() => undefined); // a container gone before its log opened, or a broken stream: the events say why
  }

  async restart(resource: string): Promise<void> {
    const id = this.ids.get(resource);
    if (!id) throw new Error(`no container for "${resource}"`);
    // The log tail is read again after the restart; stop this stream so lines are not doubled.
    this.followers.get(id)?.abort();
    this.followers.delete(id);
    await restartContainer(this.client, id);
  }

  async close(): Promise<void> {
    this.closed = true;
    this.events?.close();
    for (const ac of this.followers.values()) ac.abort();
    this.followers.clear();
  }
}

/** The local source for a Compose project on the engine that DOCKER_HOST (or the default socket) names. */
export async function localStatusSource(
  project: string,
  procEnv: Readonly<Record<string, string | undefined>>,
): Promise<LocalStatusSource> {
  const { connectDocker } = await import('../../drivers/docker/client.js');
  return new LocalStatusSource(await connectDocker(procEnv), project);
}

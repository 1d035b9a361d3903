// Waiting on containers without fixed sleeps: a waiter registers for a container's events (from the
// project's event stream, opened before anything starts), then checks the current state with inspect, so no
// event can be missed between the two. Each wait ends on its event, on a deadline, or on abort.
import type { DockerClient } from '../../drivers/docker/client.js';
import { inspectContainer, type ContainerDetails } from '../../drivers/docker/containers.js';
import type { DockerContainerEvent as ContainerEvent } from '../../drivers/docker/events.js';
import { execExitCode } from '../../drivers/docker/exec.js';
import { httpOk, tcpOpen } from '../../drivers/net.js';
import type { HostCheck } from '../../render/local/compose-project.js';
import { never } from '../../engine/abort.js';
import { until } from '../../engine/waits.js';

export type Outcome =
  | { readonly kind: 'healthy' }
  | { readonly kind: 'unhealthy' }
  | { readonly kind: 'exited'; readonly exitCode: number }
  | { readonly kind: 'timeout' };

/** A container's own health check, for `healthyEarly`. */
export interface EarlyCheck {
  /** Docker's form: ['CMD', ...argv] or ['CMD-SHELL', script]. */
  readonly test: readonly string[];
  readonly timeoutMs: number;
  /** The same check as the host can ask it. */
  readonly host?: HostCheck;
}

/** What `GET /info` says that matters here. */
export interface EngineInfo {
  readonly OperatingSystem?: string;
  readonly SecurityOptions?: readonly string[] | null;
}

/**
 * Whether containers' addresses answer from this process: the engine runs here (a unix socket on Linux) and
 * its bridge is in this network namespace. Rootless Docker keeps its bridge in its own namespace, and Docker
 * Desktop runs the engine in a VM; there the host checks are not tried and the exec check decides.
 */
export function hostReachesContainers(endpoint: string, platform: string, info: EngineInfo | undefined): boolean {
  return (
    endpoint.startsWith('unix://') &&
    platform === 'linux' &&
    info !== undefined &&
    !(info.SecurityOptions ?? []).some((o) => o.includes('name=rootless')) &&
    !/docker desktop/i.test(info.OperatingSystem ?? '')
  );
}

export class ContainerWaits {
  private readonly listeners = new Map<string, Set<(e: ContainerEvent) => void>>();

  /** Container addresses answer from here (see hostReachesContainers): health checks may be asked directly. */
  hostReachesContainers = false;

  constructor(private readonly client: DockerClient) {}

  /** Feed events from the project's stream. */
  readonly onEvent = (e: ContainerEvent): void => {
    for (const l of this.listeners.get(e.id) ?? []) l(e);
  };

  private waitFor(
    id: string,
    fromEvent: (e: ContainerEvent) => Outcome | undefined,
    fromState: (d: ContainerDetails) => Outcome | undefined,
    timeoutMs: number,
    signal: AbortSignal,
  ): Promise<Outcome> {
    return new Promise<Outcome>((resolve, reject) => {
      let done = false;
      const finish = (o: Outcome | Error): void => {
        if (done) return;
        done = true;
        clearTimeout(timer);
        signal.removeEventListener('abort', onAbort);
        this.listeners.get(id)?.delete(listener);
        if (o instanceof Error) reject(o);
        else resolve(o);
      };
      const listener = (e: ContainerEvent): void => {
        const o = fromEvent(e);
        if (o) finish(o);
      };
      const onAbort = (): void => finish(signal.reason instanceof Error ? signal.reason : new Error('aborted'));
      const timer = setTimeout(() => finish({ kind: 'timeout' }), timeoutMs);
      if (signal.aborted) return onAbort();
      signal.addEventListener('abort', onAbort, { once: true });
      const set = this.listeners.get(id) ?? new Set();
      set.add(listener);
      this.listeners.set(id, set);
      inspectContainer(this.client, id).then(
        (d) => {
          const o = d ? fromState(d) : { kind: 'exited' as const, exitCode: -1 };
          if (o) finish(o);
        },
        (e: unknown) => finish(e instanceof Error ? e : new Error(String(e))),
      );
    });
  }

  /** Until Docker reports the container healthy; unhealthy, death or the deadline end the wait. */
  healthy(id: string, timeoutMs: number, signal: AbortSignal): Promise<Outcome> {
    return this.waitFor(
      id,
      (e) =>
        e.action === 'health_status' && e.health === 'healthy'
          ? { kind: 'healthy' }
          : e.action === 'health_status' && e.health === 'unhealthy'
            ? { kind: 'unhealthy' }
            : e.action === 'die'
              ? { kind: 'exited', exitCode: e.exitCode ?? -1 }
              : undefined,
      (d) =>
        d.health === 'healthy'
          ? { kind: 'healthy' }
          : !d.running
            ? { kind: 'exited', exitCode: d.exitCode }
            : d.health === 'unhealthy'
              ? { kind: 'unhealthy' }
              : undefined,
      timeoutMs,
      signal,
    );
  }

  /**
   * Healthy as soon as either Docker reports it, or the container's own health check, run by oh-env from the
   * moment the container starts, passes. Docker runs the first check only one whole interval after the start;
   * dependents need not wait for that. Failures of early checks count for nothing: Docker's verdict
   * (unhealthy, death) and the deadline still end the wait.
   *
   * The check runs through the exec API: a process in the container, which competes with the service's own
   * start for the CPU. So when the engine runs on this machine and the check can be asked from the host
   * (`check.host`), the host asks it, often and for free: an HTTP GET or TCP connect at the container's address
   * is the check itself; for a command check, the port its server opens says when the command is worth
   * running often. Until then the command runs once a second, which also covers a service that answers only
   * on its own loopback.
   */
  async healthyEarly(
    id: string,
    check: EarlyCheck,
    timeoutMs: number,
    signal: AbortSignal,
  ): Promise<Outcome & { readonly early?: boolean }> {
    const stop = new AbortController();
    const both = AbortSignal.any([signal, stop.signal]);
    const fromDocker = this.healthy(id, timeoutMs, both);
    fromDocker.catch(() => undefined); // settled by `stop` once the race is decided
    const cmd = check.test[0] === 'CMD-SHELL' ? ['sh', '-c', check.test.slice(1).join(' ')] : check.test.slice(1);
    const host = this.hostReachesContainers ? check.host : undefined;
    const ip = host ? inspectContainer(this.client, id).then((d) => d?.ip) : Promise.resolve(undefined);
    const askHost = async (ask: (address: string) => Promise<boolean>): Promise<void> => {
      const address = await ip;
      if (!address) return never(); // no address: the exec check decides
      return until(
        () => ask(address),
        () => 50,
        both,
      );
    };
    const hostAnswers =
      host?.kind === 'http'
        ? askHost((a) => httpOk(`http://${a}:${host.port}${host.path}`, check.timeoutMs))
        : host
          ? askHost((a) => tcpOpen(a, host.port, check.timeoutMs))
          : never();
    // The command: once a second while the host check has not answered; with no host check, or once a
    // `listens` port is open, 100 ms after the start (or the opening), then less often, up to every 300 ms.
    const opened = host?.kind === 'listens' ? hostAnswers : never();
    let fast = host === undefined;
    let tries = 0;
    void opened.then(() => ((fast = true), (tries = 0)));
    const viaExec = until(
      async () => (await execExitCode(this.client, id, cmd, check.timeoutMs)) === 0,
      () => (fast ? Math.min(300, 100 * ++tries) : 1000),
      both,
      opened,
    );
    const early = Promise.race([viaExec, host?.kind === 'listens' ? never() : hostAnswers]);
    try {
      return await Promise.race([fromDocker, early.then(() => ({ kind: 'healthy' as const, early: true }))]);
    } finally {
      stop.abort(new Error('decided'));
    }
  }

  /** Until the container exits (a job). Register before starting it, then call `started()`. */
  exited(id: string, timeoutMs: number, signal: AbortSignal): Promise<Outcome> {
    return this.waitFor(
      id,
      (e) => (e.action === 'die' ? { kind: 'exited', exitCode: e.exitCode ?? -1 } : undefined),
      (d) => (!d.running && d.status === 'exited' ? { kind: 'exited', exitCode: d.exitCode } : undefined),
      timeoutMs,
      signal,
    );
  }
}

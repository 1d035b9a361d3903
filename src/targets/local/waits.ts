// Waiting on containers without fixed sleeps: a waiter registers for a container's events (from the
// project's event stream, opened before anything starts), then checks the current state with inspect, so no
// event can be missed between the two. Each wait ends on its event, on a deadline, or on abort.
import type { DockerClient } from '../../drivers/docker/client.js';
import { inspectContainer, type ContainerDetails } from '../../drivers/docker/containers.js';
import type { DockerContainerEvent as ContainerEvent } from '../../drivers/docker/events.js';
import { execExitCode } from '../../drivers/docker/exec.js';
import { httpOk } from '../../drivers/net.js';

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
  /** The same check as an HTTP GET of the container's port and path, when it is one. */
  readonly http?: { readonly port: number; readonly path: string };
}

/** Resolves when `check` passes; pauses `delayMs(attempt)` between tries; never settles once aborted. */
function until(
  check: () => Promise<boolean>,
  delayMs: (attempt: number) => number,
  signal: AbortSignal,
): Promise<void> {
  return new Promise<void>((resolve) => {
    void (async () => {
      for (let attempt = 1; !signal.aborted; attempt++) {
        if ((await check().catch(() => false)) && !signal.aborted) return resolve();
        await new Promise<void>((r) => {
          const t = setTimeout(r, delayMs(attempt));
          signal.addEventListener('abort', () => (clearTimeout(t), r()), { once: true });
        });
      }
    })();
  });
}

export class ContainerWaits {
  private readonly listeners = new Map<string, Set<(e: ContainerEvent) => void>>();

  /** `hostReachesContainers`: the engine runs on this machine, so container addresses answer from here. */
  constructor(
    private readonly client: DockerClient,
    private readonly hostReachesContainers = false,
  ) {}

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
   * dependents need not wait for that. The check runs through the exec API; an HTTP check is also asked from
   * the host, straight at the container's address, when the engine runs on this machine (cheap enough to ask
   * often, and no process is started in a container that is busy booting). Failures of early checks count
   * for nothing: Docker's verdict (unhealthy, death) and the deadline still end the wait.
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
    // exec: 100 ms after the start, then less often up to every 300 ms (each one is a process in the container).
    const viaExec = until(
      async () => (await execExitCode(this.client, id, cmd, check.timeoutMs)) === 0,
      (attempt) => Math.min(300, 100 * attempt),
      both,
    );
    const http = check.http;
    const viaHost =
      http && this.hostReachesContainers
        ? inspectContainer(this.client, id).then((d) =>
            d?.ip
              ? until(
                  () => httpOk(`http://${d.ip}:${http.port}${http.path}`, check.timeoutMs),
                  () => 50,
                  both,
                )
              : new Promise<never>(() => undefined),
          )
        : new Promise<never>(() => undefined);
    const early = Promise.race([viaExec, viaHost]).then(() => ({ kind: 'healthy' as const, early: true }));
    try {
      return await Promise.race([fromDocker, early]);
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

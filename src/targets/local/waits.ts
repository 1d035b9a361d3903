// Waiting on containers without fixed sleeps: a waiter registers for a container's events (from the
// project's event stream, opened before anything starts), then checks the current state with inspect, so no
// event can be missed between the two. Each wait ends on its event, on a deadline, or on abort.
import type { DockerClient } from '../../drivers/docker/client.js';
import { inspectContainer, type ContainerDetails } from '../../drivers/docker/containers.js';
import type { ContainerEvent } from '../../drivers/docker/health-watch.js';

export type Outcome =
  | { readonly kind: 'healthy' }
  | { readonly kind: 'unhealthy' }
  | { readonly kind: 'exited'; readonly exitCode: number }
  | { readonly kind: 'timeout' };

export class ContainerWaits {
  private readonly listeners = new Map<string, Set<(e: ContainerEvent) => void>>();

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

// One typed event stream that every target emits (`up`, `down`, `status`). One reducer turns it into a
// snapshot; the Ink dashboard, the plain-line printer and the NDJSON writer all read from it. Events carry no
// secret values.
import type { Target } from '../model/schema.js';

/** The status vocabulary shared by every target. */
export type ResourceState = 'pending' | 'starting' | 'healthy' | 'unhealthy' | 'running' | 'exited' | 'failed' | 'removed';
export type ResourceKind = 'service' | 'job' | 'backend' | 'network' | 'volume' | 'cluster' | 'cloud';

interface Base {
  /** Milliseconds since the epoch. */
  readonly time: number;
}

export type OhEnvEvent =
  | (Base & { readonly type: 'run.started'; readonly command: string; readonly env: string; readonly target: Target; readonly context: string })
  | (Base & { readonly type: 'run.ended'; readonly ok: boolean; readonly durationMs: number; readonly summary: string })
  | (Base & { readonly type: 'step.started'; readonly id: string; readonly title: string; readonly resource?: string })
  | (Base & { readonly type: 'step.progressed'; readonly id: string; readonly message: string; readonly fraction?: number })
  | (Base & { readonly type: 'step.ended'; readonly id: string; readonly ok: boolean; readonly durationMs: number; readonly message?: string })
  | (Base & {
      readonly type: 'resource.status';
      readonly resource: string;
      readonly kind: ResourceKind;
      readonly state: ResourceState;
      /** exited(code): the exit code. */
      readonly exitCode?: number;
      readonly reason?: string;
      readonly health?: string;
      readonly image?: string;
      readonly ports?: readonly string[];
      readonly url?: string;
      readonly restarts?: number;
      readonly startedAt?: number;
    })
  | (Base & { readonly type: 'resource.stats'; readonly resource: string; readonly cpuPercent: number; readonly memoryBytes: number })
  | (Base & { readonly type: 'log'; readonly resource: string; readonly stream: 'stdout' | 'stderr'; readonly line: string })
  | (Base & { readonly type: 'warning'; readonly message: string; readonly resource?: string; readonly hint?: string })
  | (Base & { readonly type: 'error'; readonly code: string; readonly message: string; readonly resource?: string; readonly hint?: string });

export type EventType = OhEnvEvent['type'];

/** Where targets send events; renderers subscribe. */
export interface EventSink {
  emit(event: OhEnvEvent): void;
}

/** Distributive Omit, so each variant keeps its own fields. */
type DistributiveOmit<T, K extends keyof never> = T extends unknown ? Omit<T, K> : never;
export type EventInput = DistributiveOmit<OhEnvEvent, 'time'>;

/** A sink that stamps the time, fans out to subscribers and never throws into the emitter. */
export class EventBus implements EventSink {
  private readonly subscribers = new Set<(e: OhEnvEvent) => void>();
  constructor(private readonly now: () => number = Date.now) {}

  subscribe(fn: (e: OhEnvEvent) => void): () => void {
    this.subscribers.add(fn);
    return () => this.subscribers.delete(fn);
  }

  emit(event: OhEnvEvent): void {
    for (const fn of this.subscribers) {
      try {
        fn(event);
      } catch {
        // A broken renderer must not break the work it reports on.
      }
    }
  }

  /** Emit with the current time. */
  send(event: EventInput): void {
    this.emit({ ...event, time: this.now() } as OhEnvEvent);
  }
}

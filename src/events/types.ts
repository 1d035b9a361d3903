// One typed event stream that every target emits (`up`, `down`, `status`). One reducer turns it into a
// snapshot; the Ink dashboard, the plain-line printer and the NDJSON writer all read from it. Events carry no
// secret values (env keys are names only). The types come from schema.ts.
import type { z } from 'zod';
import type { EventSchema, RESOURCE_KINDS, RESOURCE_STATES } from './schema.js';

/** The status vocabulary shared by every target. */
export type ResourceState = (typeof RESOURCE_STATES)[number];
export type ResourceKind = (typeof RESOURCE_KINDS)[number];

/** Each variant read-only, so a renderer cannot change what another one reads. */
type ReadonlyEach<T> = T extends unknown ? Readonly<T> : never;

/** Inferred from the zod schema in schema.ts, the single definition (also published as JSON Schema). */
export type OhEnvEvent = ReadonlyEach<z.infer<typeof EventSchema>>;

export type EventType = OhEnvEvent['type'];

/** Where targets send events; renderers subscribe. */
/** Where a renderer writes: the CLI's stderr or stdout, an in-memory stream in tests. */
export interface OutStream {
  write(chunk: string): unknown;
  readonly isTTY?: boolean;
  readonly columns?: number;
  readonly rows?: number;
}

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

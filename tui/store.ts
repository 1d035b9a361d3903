// The dashboard's view of the event stream: events are reduced as they arrive, subscribers (React, through
// useSyncExternalStore) are told at most once per frame window, so a burst of log lines or stats is one
// render, and one status change reaches the screen within that window.
import { emptySnapshot, reduce, type Snapshot } from '../src/events/reducer.js';
import type { EventSink, OhEnvEvent } from '../src/events/types.js';

/** One 60 Hz frame: a status change is on screen well within Docker's event + 200 ms. */
export const NOTIFY_WINDOW_MS = 16;
/** Samples and log lines wait longer: they change often and matter less than a status change. */
export const SLOW_WINDOW_MS = 500;

export class SnapshotStore implements EventSink {
  private snapshot: Snapshot;
  private readonly listeners = new Set<() => void>();
  private timer: NodeJS.Timeout | undefined;
  private dueAt = Infinity;

  constructor(
    initial: Snapshot = emptySnapshot,
    private readonly windowMs = NOTIFY_WINDOW_MS,
    private readonly slowWindowMs = windowMs > 0 ? SLOW_WINDOW_MS : 0,
  ) {
    this.snapshot = initial;
  }

  emit = (e: OhEnvEvent): void => {
    this.snapshot = reduce(this.snapshot, e);
    const wait = e.type === 'resource.stats' || e.type === 'log' ? this.slowWindowMs : this.windowMs;
    if (wait <= 0) return this.notify();
    // A notification already due sooner covers this event; otherwise bring it forward.
    const due = Date.now() + wait;
    if (due >= this.dueAt) return;
    if (this.timer) clearTimeout(this.timer);
    this.dueAt = due;
    this.timer = setTimeout(() => this.notify(), wait);
  };

  private notify(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.dueAt = Infinity;
    for (const l of this.listeners) l();
  }

  subscribe = (l: () => void): (() => void) => {
    this.listeners.add(l);
    return () => this.listeners.delete(l);
  };

  get = (): Snapshot => this.snapshot;

  /** Delivers a pending notification now (tests, shutdown). */
  flush(): void {
    if (this.timer) {
      clearTimeout(this.timer);
      this.notify();
    }
  }

  close(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.dueAt = Infinity;
  }
}

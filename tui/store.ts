// The dashboard's view of the event stream: events are reduced as they arrive, subscribers (React, through
// useSyncExternalStore) are told at most once per frame window, so a burst of log lines or stats is one
// render, and one status change reaches the screen within that window.
import { emptySnapshot, reduce, type Snapshot } from '../src/events/reducer.js';
import type { EventSink, OhEnvEvent } from '../src/events/types.js';

export const NOTIFY_WINDOW_MS = 40;

export class SnapshotStore implements EventSink {
  private snapshot: Snapshot;
  private readonly listeners = new Set<() => void>();
  private timer: NodeJS.Timeout | undefined;

  constructor(
    initial: Snapshot = emptySnapshot,
    private readonly windowMs = NOTIFY_WINDOW_MS,
  ) {
    this.snapshot = initial;
  }

  emit = (e: OhEnvEvent): void => {
    this.snapshot = reduce(this.snapshot, e);
    if (this.windowMs <= 0) return this.notify();
    this.timer ??= setTimeout(() => this.notify(), this.windowMs);
  };

  private notify(): void {
    this.timer = undefined;
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
  }
}

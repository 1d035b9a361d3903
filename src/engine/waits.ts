// Waiting without fixed sleeps, for any target: poll a check with a pause that an event can cut short,
// race a deadline, and always end on the run's signal.
import { never } from './abort.js';

/**
 * Resolves when `check` passes; pauses `delayMs()` between tries (a pause ends early when `wake` settles);
 * never settles once aborted (race it with the run's other outcomes). A check that throws counts as failed.
 */
export function until(
  check: () => Promise<boolean>,
  delayMs: () => number,
  signal: AbortSignal,
  wake: Promise<unknown> = never(),
): Promise<void> {
  return new Promise<void>((resolve) => {
    void (async () => {
      while (!signal.aborted) {
        if ((await check().catch(() => false)) && !signal.aborted) return resolve();
        await pause(delayMs(), signal, wake);
      }
    })();
  });
}

/** Resolves after `ms`, or as soon as `signal` aborts or `wake` settles; lets go of its timer and listener. */
export function pause(ms: number, signal: AbortSignal, wake: Promise<unknown> = never()): Promise<void> {
  return new Promise<void>((r) => {
    // Whichever comes first ends the pause and lets go of the others (a wait may take thousands).
    const end = (): void => {
      clearTimeout(t);
      signal.removeEventListener('abort', end);
      r();
    };
    const t = setTimeout(end, ms);
    if (signal.aborted) return end(); // an aborted signal fires no more events
    void wake.then(end, end);
    signal.addEventListener('abort', end, { once: true });
  });
}

export type Deadlined<T> = { readonly kind: 'done'; readonly value: T } | { readonly kind: 'timeout' };

/**
 * `work` against a deadline: its value, or `timeout` after `ms`; rejects with the signal's reason when it
 * aborts first. The timer is cleared either way.
 */
export function withDeadline<T>(work: Promise<T>, ms: number, signal: AbortSignal): Promise<Deadlined<T>> {
  return new Promise<Deadlined<T>>((resolve, reject) => {
    const finish = (f: () => void): void => {
      clearTimeout(timer);
      signal.removeEventListener('abort', onAbort);
      f();
    };
    const onAbort = (): void =>
      finish(() => reject(signal.reason instanceof Error ? signal.reason : new Error('aborted')));
    const timer = setTimeout(() => finish(() => resolve({ kind: 'timeout' })), ms);
    if (signal.aborted) return onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(
      (value) => finish(() => resolve({ kind: 'done', value })),
      (e: unknown) => finish(() => reject(e)),
    );
  });
}

// List, then watch from the list's resourceVersion, for as long as the caller wants: what an informer does,
// without its cache of typed objects. A watch the server closes (it does every `timeoutSeconds`) reopens
// from the last resourceVersion seen (bookmarks keep it fresh); one that broke (API server restarted, network)
// or whose resourceVersion is too old (410 Gone) lists again and reports the difference as events, so the
// caller's picture never misses a change and never keeps an object that went while nobody watched.
import type { OhEnvError } from '../../errors.js';
import type { ApplyApi } from './client.js';
import type { KubeKind, KubeResource, RawWatchEvent } from './types.js';

export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED';

export interface Watching {
  /** Stops watching; no event is delivered after it. Safe to call twice. */
  stop(): void;
}

export interface WatchOptions {
  /** A watch broke and could not be reopened yet (the API server is away): told each time, then retried. */
  readonly onError?: (e: OhEnvError) => void;
}

export interface WatchTarget {
  readonly kind: KubeKind;
  readonly namespace: string | undefined;
  readonly label: string;
  readonly field: string;
}

/** Retries after a failure: 0.5 s, doubling, at most 5 s. */
const backoffMs = (failures: number): number => Math.min(5000, 500 * 2 ** Math.max(0, failures - 1));
/** A watch that ends sooner than this without an error counts as a failure (no tight reconnect loop). */
const SHORTEST_WATCH_MS = 1000;

const keyOf = (o: KubeResource): string => `${o.metadata.namespace ?? ''}/${o.metadata.name}`;

export async function listAndWatch(
  api: ApplyApi,
  target: WatchTarget,
  onEvent: (type: WatchEventType, object: KubeResource) => void,
  rejected: (what: string, cause: unknown) => OhEnvError,
  opts: WatchOptions = {},
): Promise<Watching> {
  const known = new Map<string, KubeResource>();
  let resourceVersion = '';
  let stopped = false;
  let current: AbortController | undefined;
  let retry: ReturnType<typeof setTimeout> | undefined;
  let failures = 0;
  const deliver = (type: WatchEventType, o: KubeResource): void => {
    if (!stopped) onEvent(type, o);
  };

  const relist = async (): Promise<void> => {
    const { items, resourceVersion: rv } = await api.listRaw(target.kind, target.namespace, target.label, target.field);
    const seen = new Set<string>();
    for (const o of items) {
      const k = keyOf(o);
      seen.add(k);
      const before = known.get(k);
      known.set(k, o);
      if (!before) deliver('ADDED', o);
      else if (before.metadata.resourceVersion !== o.metadata.resourceVersion) deliver('MODIFIED', o);
    }
    for (const [k, o] of known)
      if (!seen.has(k)) {
        known.delete(k);
        deliver('DELETED', o);
      }
    resourceVersion = rv;
  };

  const later = (relistFirst: boolean): void => {
    if (stopped) return;
    failures++;
    retry = setTimeout(() => {
      retry = undefined;
      void (relistFirst ? relist() : Promise.resolve()).then(open, (e: unknown) => {
        opts.onError?.(rejected('watch (list again)', e));
        later(true);
      });
    }, backoffMs(failures));
    retry.unref?.();
  };

  const open = (): void => {
    if (stopped) return;
    const openedAt = Date.now();
    let gone = false;
    let sawEvent = false;
    const onRaw = (e: RawWatchEvent): void => {
      if (stopped) return;
      if (e.type === 'ERROR') {
        if (e.object.code === 410) gone = true;
        return;
      }
      resourceVersion = e.object.metadata.resourceVersion ?? resourceVersion;
      if (e.type === 'BOOKMARK') return;
      sawEvent = true;
      const k = keyOf(e.object);
      if (e.type === 'DELETED') known.delete(k);
      else known.set(k, e.object);
      deliver(e.type, e.object);
    };
    const done = (err: unknown): void => {
      current = undefined;
      if (stopped) return;
      if (!err && !gone && (sawEvent || Date.now() - openedAt >= SHORTEST_WATCH_MS)) {
        failures = 0;
        return open(); // the server's timeoutSeconds: continue where it stopped
      }
      if (err && api.statusOf(err) !== 410) opts.onError?.(rejected('watch', err));
      later(true);
    };
    void api.watchOnce(target.kind, target.namespace, target, resourceVersion, onRaw, done).then(
      (c) => {
        if (stopped) c.abort();
        else current = c;
      },
      (e: unknown) => done(e ?? new Error('watch failed')),
    );
  };

  try {
    await relist();
  } catch (e) {
    throw rejected('list', e);
  }
  open();
  return {
    stop() {
      stopped = true;
      if (retry) clearTimeout(retry);
      current?.abort();
      current = undefined;
    },
  };
}

// Events → snapshot. Pure and total: every view (dashboard, plain lines, the exit summary) reads the snapshot
// this returns, never the events themselves. Old snapshots are never mutated, so React can compare by identity.
import type { Target } from '../model/schema.js';
import type { OhEnvEvent, ResourceKind, ResourceState } from './types.js';

/** Log lines kept per resource: enough for the detail panel and a failure message, bounded for memory. */
export const LOG_RING = 200;
/** Warnings and errors kept; older ones are counted, not kept. */
export const NOTICE_RING = 50;

export interface LogLine {
  readonly time: number;
  readonly stream: 'stdout' | 'stderr';
  readonly line: string;
}

export interface StepView {
  readonly id: string;
  readonly title: string;
  readonly resource?: string;
  readonly state: 'running' | 'ok' | 'failed';
  readonly startedAt: number;
  readonly durationMs?: number;
  readonly message?: string;
  readonly fraction?: number;
}

export interface ResourceView {
  readonly name: string;
  readonly kind: ResourceKind;
  readonly state: ResourceState;
  readonly exitCode?: number;
  readonly reason?: string;
  readonly health?: string;
  readonly image?: string;
  readonly ports: readonly string[];
  readonly url?: string;
  readonly restarts: number;
  readonly startedAt?: number;
  readonly cpuPercent?: number;
  readonly memoryBytes?: number;
  readonly logs: readonly LogLine[];
  readonly envKeys: readonly string[];
  readonly healthOutput?: string;
  readonly updatedAt: number;
}

export interface Notice {
  readonly time: number;
  readonly message: string;
  readonly resource?: string;
  readonly hint?: string;
  readonly code?: string;
}

/**
 * starting: work in progress or something not ready yet; ready: everything up (jobs completed);
 * degraded: something failed, exited badly or is unhealthy; stopped: nothing exists; failed: the run failed;
 * done: the run succeeded and nothing runs (`down`); after a successful `up` the state is what runs.
 */
export type OverallState = 'idle' | 'starting' | 'ready' | 'degraded' | 'stopped' | 'done' | 'failed';

export interface Snapshot {
  readonly command?: string;
  readonly env?: string;
  readonly target?: Target;
  readonly context?: string;
  readonly state: OverallState;
  readonly startedAt?: number;
  readonly endedAt?: number;
  readonly summary?: string;
  /** Time of the newest event. */
  readonly lastEventAt?: number;
  /** In the order they started. */
  readonly steps: readonly StepView[];
  /** Sorted by name. */
  readonly resources: readonly ResourceView[];
  readonly warnings: readonly Notice[];
  readonly errors: readonly Notice[];
  readonly droppedNotices: number;
}

export const emptySnapshot: Snapshot = {
  state: 'idle',
  steps: [],
  resources: [],
  warnings: [],
  errors: [],
  droppedNotices: 0,
};

const pushBounded = <T>(list: readonly T[], item: T, max: number): readonly T[] =>
  list.length >= max ? [...list.slice(list.length - max + 1), item] : [...list, item];

/** A job that exited 0 is done, not down. */
export const isSettledOk = (r: ResourceView): boolean =>
  r.state === 'healthy' ||
  r.state === 'running' ||
  r.state === 'removed' ||
  (r.state === 'exited' && r.kind === 'job' && r.exitCode === 0);

export const isBad = (r: ResourceView): boolean =>
  r.state === 'failed' || r.state === 'unhealthy' || (r.state === 'exited' && !(r.kind === 'job' && r.exitCode === 0));

function overall(s: Snapshot): OverallState {
  const live = s.resources.filter((r) => r.state !== 'removed');
  // After the run: a failure stays failed; a success reads as what runs now (a watch goes on after `up`).
  if (s.endedAt !== undefined && (s.state === 'failed' || live.length === 0))
    return s.state === 'failed' ? 'failed' : 'done';
  if (s.errors.length > 0 || live.some(isBad) || s.steps.some((st) => st.state === 'failed')) return 'degraded';
  if (s.steps.some((st) => st.state === 'running') || live.some((r) => !isSettledOk(r))) return 'starting';
  if (live.length === 0) return s.command === undefined && s.steps.length === 0 ? 'idle' : 'stopped';
  return 'ready';
}

function upsertResource(
  list: readonly ResourceView[],
  name: string,
  update: (prev: ResourceView | undefined) => ResourceView,
): readonly ResourceView[] {
  const i = list.findIndex((r) => r.name === name);
  if (i >= 0) return list.map((r, j) => (j === i ? update(r) : r));
  const next = update(undefined);
  const out = [...list, next];
  return out.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

function placeholder(name: string, time: number): ResourceView {
  return { name, kind: 'service', state: 'pending', ports: [], restarts: 0, logs: [], envKeys: [], updatedAt: time };
}

/** Without the keys whose value is undefined, so a spread does not erase what an earlier event said. */
function defined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

function apply(s: Snapshot, e: OhEnvEvent): Snapshot {
  switch (e.type) {
    case 'run.started':
      return { ...s, command: e.command, env: e.env, target: e.target, context: e.context, startedAt: e.time };
    case 'run.ended':
      return { ...s, endedAt: e.time, summary: e.summary, state: e.ok ? 'done' : 'failed' };
    case 'step.started': {
      const step: StepView = {
        id: e.id,
        title: e.title,
        ...(e.resource !== undefined ? { resource: e.resource } : {}),
        state: 'running',
        startedAt: e.time,
      };
      const i = s.steps.findIndex((st) => st.id === e.id);
      return { ...s, steps: i >= 0 ? s.steps.map((st, j) => (j === i ? step : st)) : [...s.steps, step] };
    }
    case 'step.progressed':
      return {
        ...s,
        steps: s.steps.map((st) =>
          st.id === e.id
            ? { ...st, message: e.message, ...(e.fraction !== undefined ? { fraction: e.fraction } : {}) }
            : st,
        ),
      };
    case 'step.ended': {
      const known = s.steps.some((st) => st.id === e.id);
      const ended = (st: StepView): StepView => ({
        ...st,
        state: e.ok ? 'ok' : 'failed',
        durationMs: e.durationMs,
        ...(e.message !== undefined ? { message: e.message } : {}),
      });
      return {
        ...s,
        steps: known
          ? s.steps.map((st) => (st.id === e.id ? ended(st) : st))
          : [...s.steps, ended({ id: e.id, title: e.id, state: 'running', startedAt: e.time - e.durationMs })],
      };
    }
    case 'resource.status': {
      const { type: _t, time, resource, ...fields } = e;
      return {
        ...s,
        resources: upsertResource(s.resources, resource, (prev) => {
          const base = prev ?? placeholder(resource, time);
          const merged: ResourceView = { ...base, ...defined(fields), updatedAt: time };
          if (fields.state === base.state || prev === undefined) return merged;
          // A new state clears the exit code and reason of the old one unless the event restates them.
          const { exitCode, reason, ...rest } = merged;
          return {
            ...rest,
            ...(fields.exitCode !== undefined ? { exitCode } : {}),
            ...(fields.reason !== undefined ? { reason } : {}),
          };
        }),
      };
    }
    case 'resource.stats':
      return {
        ...s,
        resources: upsertResource(s.resources, e.resource, (prev) => ({
          ...(prev ?? placeholder(e.resource, e.time)),
          cpuPercent: e.cpuPercent,
          memoryBytes: e.memoryBytes,
        })),
      };
    case 'log':
      return {
        ...s,
        resources: upsertResource(s.resources, e.resource, (prev) => {
          const base = prev ?? placeholder(e.resource, e.time);
          return { ...base, logs: pushBounded(base.logs, { time: e.time, stream: e.stream, line: e.line }, LOG_RING) };
        }),
      };
    case 'warning':
    case 'error': {
      const notice: Notice = defined({
        time: e.time,
        message: e.message,
        resource: e.resource,
        hint: e.hint,
        code: e.type === 'error' ? e.code : undefined,
      }) as Notice;
      const key = e.type === 'warning' ? 'warnings' : 'errors';
      const full = s[key].length >= NOTICE_RING;
      return {
        ...s,
        [key]: pushBounded(s[key], notice, NOTICE_RING),
        droppedNotices: s.droppedNotices + (full ? 1 : 0),
      };
    }
  }
}

/** One event onto a snapshot. */
export function reduce(s: Snapshot, e: OhEnvEvent): Snapshot {
  const next = apply(s, e);
  return { ...next, lastEventAt: e.time, state: overall(next) };
}

export const reduceAll = (events: Iterable<OhEnvEvent>, from: Snapshot = emptySnapshot): Snapshot => {
  let s = from;
  for (const e of events) s = reduce(s, e);
  return s;
};

/** Elapsed time of the run: to its end, or to `now` while it goes on. */
export const elapsedMs = (s: Snapshot, now: number): number =>
  s.startedAt === undefined ? 0 : Math.max(0, (s.endedAt ?? now) - s.startedAt);

/** How many ms until a duration shown in `unit` steps (1 s, 1 min, 1 h, 1 d) shows another value. */
const untilNext = (ms: number, unit: number): number => unit - (ms % unit);
/** The step of formatAge at this age, and of formatElapsed (minutes from one minute on). */
const ageUnit = (ms: number): number =>
  ms < 60_000 ? 1000 : ms < 3_600_000 ? 60_000 : ms < 86_400_000 ? 3_600_000 : 86_400_000;
const elapsedUnit = (ms: number): number => (ms < 60_000 ? 1000 : 60_000);
/** A frame may come this much after a change it shows, so changes due close together share one frame. */
export const TICK_SLACK_MS = 10_000;

/**
 * When the clock next changes what a view shows (each frame costs Ink a full redraw): every second while work
 * runs or something is shown in seconds (an elapsed time or an age under a minute); otherwise at the next
 * minute (hour, day) boundary of the elapsed time or of an age, taking along every other boundary due within
 * TICK_SLACK_MS — 20 containers started a few seconds apart cost one frame a minute, not twenty.
 */
export function nextTickMs(s: Snapshot, now: number): number {
  if (s.state === 'starting' || s.steps.some((st) => st.state === 'running')) return 1000;
  const due: number[] = [];
  if (s.startedAt !== undefined && s.endedAt === undefined) {
    const ms = Math.max(0, now - s.startedAt);
    due.push(untilNext(ms, elapsedUnit(ms)));
  }
  for (const r of s.resources)
    if ((r.state === 'healthy' || r.state === 'running' || r.state === 'starting') && r.startedAt !== undefined) {
      const ms = Math.max(0, now - r.startedAt);
      due.push(untilNext(ms, ageUnit(ms)));
    }
  if (due.length === 0) return 60_000;
  const first = Math.min(...due);
  // Something shown in seconds: a frame a second.
  if (first <= 1000) return 1000;
  // The last change due within the slack after the first; +10 ms so the boundary has passed when it draws.
  return Math.max(...due.filter((d) => d <= first + TICK_SLACK_MS)) + 10;
}

// The run bracket every side-effecting command of every target goes through: run.started, the environment's
// lock, the outer signal (Ctrl-C, SIGTERM) wired to the run's own controller, and run.ended with a summary
// or the error. A failure inside the run aborts the same controller, so every wait of the run ends on the
// first failure as it does on Ctrl-C.
import { EventBus, type EventSink } from '../events/types.js';
import type { Target } from '../model/targets.js';
import { interrupted } from './abort.js';
import { lockPath, type ProcEnv } from './config-dir.js';
import { acquireLock, type Lock } from './lock.js';
import { messageOf } from './step.js';

export interface RunSpec<T> {
  /** The oh-env command: up, down. */
  readonly command: string;
  readonly target: Target;
  /** The environment's name (metadata.name): what the lock is taken on. */
  readonly env: string;
  /** Where it runs: Docker host, kube context, GCP project. */
  readonly context: string;
  readonly procEnv: ProcEnv;
  /** Take the environment's lock for the run (a second `up` or `down` then refuses). */
  readonly lock: boolean;
  /** What to do after an interrupt, e.g. "run oh-env up local again: it continues from what exists". */
  readonly interruptHint: string;
  /** The run.ended summary of a run that succeeded. */
  summary(result: T): string;
}

export interface RunScope {
  /** Stamps times; feeds the caller's sink. */
  readonly bus: EventBus;
  /** Aborted on Ctrl-C/SIGTERM (reason: E_INTERRUPTED) or by `fail` (reason: that error). */
  readonly signal: AbortSignal;
  /** Ends the run with `e`: every wait on `signal` stops. The first reason wins. */
  fail(e: Error): void;
  /** Milliseconds since the run started. */
  elapsed(): number;
}

export interface RunContext {
  readonly events: EventSink;
  readonly signal?: AbortSignal;
}

/** An EventBus (it stamps times) feeding the caller's sink. */
export function stamped(sink: EventSink): EventBus {
  if (sink instanceof EventBus) return sink;
  const bus = new EventBus();
  bus.subscribe((e) => sink.emit(e));
  return bus;
}

export async function withRun<T>(ctx: RunContext, spec: RunSpec<T>, body: (run: RunScope) => Promise<T>): Promise<T> {
  const started = Date.now();
  const bus = stamped(ctx.events);
  const outer = ctx.signal;
  const controller = new AbortController();
  let interrupt: Error | undefined;
  const onOuterAbort = (): void => {
    if (controller.signal.aborted || !outer) return;
    interrupt = interrupted(outer, spec.interruptHint);
    controller.abort(interrupt);
  };
  const scope: RunScope = {
    bus,
    signal: controller.signal,
    fail: (e) => {
      if (!controller.signal.aborted) controller.abort(e);
    },
    elapsed: () => Date.now() - started,
  };
  bus.send({ type: 'run.started', command: spec.command, env: spec.env, target: spec.target, context: spec.context });
  let lock: Lock | undefined;
  outer?.addEventListener('abort', onOuterAbort, { once: true });
  try {
    if (outer?.aborted) onOuterAbort();
    if (interrupt) throw interrupt;
    if (spec.lock) lock = acquireLock(lockPath(spec.env, spec.procEnv), spec.command, spec.env);
    const result = await body(scope);
    bus.send({ type: 'run.ended', ok: true, durationMs: Date.now() - started, summary: spec.summary(result) });
    return result;
  } catch (e) {
    // After an interrupt whatever failed failed because of it: the run ends as interrupted.
    const err = interrupt ?? e;
    bus.send({ type: 'run.ended', ok: false, durationMs: Date.now() - started, summary: messageOf(err) });
    throw err;
  } finally {
    outer?.removeEventListener('abort', onOuterAbort);
    lock?.release();
  }
}

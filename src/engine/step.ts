// The step bracket: one piece of work of a run, reported as step.started, then step.ended with its duration
// and, when it failed, the message. Every target's steps go through it, so the dashboard sees them alike.
import type { EventBus } from '../events/types.js';

export interface StepSpec {
  readonly id: string;
  readonly title: string;
  /** The resource the step works on, so the dashboard can show the step on its row. */
  readonly resource?: string;
}

export async function step<T>(bus: EventBus, spec: StepSpec, fn: () => Promise<T>): Promise<T> {
  const t0 = Date.now();
  bus.send({
    type: 'step.started',
    id: spec.id,
    title: spec.title,
    ...(spec.resource !== undefined ? { resource: spec.resource } : {}),
  });
  try {
    const r = await fn();
    bus.send({ type: 'step.ended', id: spec.id, ok: true, durationMs: Date.now() - t0 });
    return r;
  } catch (e) {
    bus.send({ type: 'step.ended', id: spec.id, ok: false, durationMs: Date.now() - t0, message: messageOf(e) });
    throw e;
  }
}

export const messageOf = (e: unknown): string => (e instanceof Error ? e.message : String(e));

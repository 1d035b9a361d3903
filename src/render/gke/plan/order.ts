// Steps in dependency order: a stable topological sort (Kahn's algorithm, ties broken by the order the
// steps were built in), so the plan reads top to bottom and is the same on every render.
import type { PlanStep } from './types.js';

export function orderSteps(steps: readonly PlanStep[]): PlanStep[] {
  const ids = new Set(steps.map((s) => s.id));
  for (const s of steps)
    for (const d of s.dependsOn) if (!ids.has(d)) throw new Error(`plan step ${s.id} depends on unknown step ${d}`);
  const done = new Set<string>();
  const out: PlanStep[] = [];
  const pending = [...steps];
  while (pending.length > 0) {
    const i = pending.findIndex((s) => s.dependsOn.every((d) => done.has(d)));
    if (i === -1) throw new Error(`plan has a dependency cycle among ${pending.map((s) => s.id).join(', ')}`);
    const [s] = pending.splice(i, 1);
    out.push(s!);
    done.add(s!.id);
  }
  return out;
}

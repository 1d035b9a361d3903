// Resources in dependency order: a stable topological sort (Kahn's algorithm, ties broken by the order they
// were built in), so the plan reads top to bottom and is the same on every render.
interface Node {
  readonly id: string;
  readonly dependsOn: readonly string[];
}

export function inDependencyOrder<T extends Node>(nodes: readonly T[]): T[] {
  const ids = new Set(nodes.map((s) => s.id));
  for (const s of nodes)
    for (const d of s.dependsOn) if (!ids.has(d)) throw new Error(`plan resource ${s.id} depends on unknown ${d}`);
  const done = new Set<string>();
  const out: T[] = [];
  const pending = [...nodes];
  while (pending.length > 0) {
    const i = pending.findIndex((s) => s.dependsOn.every((d) => done.has(d)));
    if (i === -1) throw new Error(`plan has a dependency cycle among ${pending.map((s) => s.id).join(', ')}`);
    const [s] = pending.splice(i, 1);
    out.push(s!);
    done.add(s!.id);
  }
  return out;
}

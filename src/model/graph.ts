// The dependency graph of an environment: every service, job and backend is a node; `dependsOn` and `uses`
// (a used backend is waited for until healthy) are edges. Targets start nodes in this order; validation
// uses it to find cycles.
import type { Condition, Environment } from './schema.js';

export type NodeKind = 'service' | 'job' | 'backend';
export interface Edge {
  readonly to: string;
  readonly condition: Condition;
}
export interface GraphNode {
  readonly name: string;
  readonly kind: NodeKind;
  readonly deps: readonly Edge[];
}

export function kindOf(env: Environment, name: string): NodeKind | undefined {
  if (name in env.services) return 'service';
  if (name in env.jobs) return 'job';
  if (name in env.backends) return 'backend';
  return undefined;
}

/**
 * A workload's dependencies, sorted by target: each backend it `uses` must be healthy, unless an explicit
 * `dependsOn` entry for it names another condition (the explicit one wins). Every target's ordering reads this.
 */
export function workloadDeps(w: {
  readonly uses: readonly string[];
  readonly dependsOn: Readonly<Record<string, Condition>>;
}): { to: string; condition: Condition }[] {
  const deps = new Map<string, Condition>();
  for (const b of w.uses) deps.set(b, 'healthy');
  for (const [to, c] of Object.entries(w.dependsOn)) deps.set(to, c);
  return [...deps].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([to, condition]) => ({ to, condition }));
}

/** Nodes sorted by name, each with its workloadDeps. */
export function dependencyGraph(env: Environment): GraphNode[] {
  const nodes: GraphNode[] = [];
  const workloads = [
    ...Object.entries(env.services).map(([n, w]) => ({ n, w, kind: 'service' as const })),
    ...Object.entries(env.jobs).map(([n, w]) => ({ n, w, kind: 'job' as const })),
  ];
  for (const { n, w, kind } of workloads) {
    nodes.push({ name: n, kind, deps: workloadDeps(w) });
  }
  for (const n of Object.keys(env.backends)) nodes.push({ name: n, kind: 'backend', deps: [] });
  return nodes.sort((a, b) => a.name.localeCompare(b.name));
}

/** Every cycle's node names, each reported once (as found by DFS from the alphabetically first node). */
export function findCycles(nodes: readonly GraphNode[]): string[][] {
  const byName = new Map(nodes.map((n) => [n.name, n]));
  const state = new Map<string, 'active' | 'done'>();
  const stack: string[] = [];
  const cycles: string[][] = [];
  const visit = (name: string): void => {
    state.set(name, 'active');
    stack.push(name);
    for (const e of byName.get(name)?.deps ?? []) {
      if (!byName.has(e.to)) continue;
      const s = state.get(e.to);
      if (s === 'active') cycles.push([...stack.slice(stack.indexOf(e.to)), e.to]);
      else if (s === undefined) visit(e.to);
    }
    stack.pop();
    state.set(name, 'done');
  };
  for (const n of nodes) if (!state.has(n.name)) visit(n.name);
  return cycles;
}

/**
 * Topological layers: every node appears after all its dependencies (assumes no cycles). Layer k holds the
 * nodes whose longest chain of dependencies has length k, each layer sorted. Computed by counting each node's
 * unmet dependencies and releasing its dependents as a layer completes (linear in nodes + edges): rescanning
 * every remaining node per layer was quadratic, and a generated 500-service chain has 500 layers.
 */
export function startOrder(nodes: readonly GraphNode[]): string[][] {
  const names = new Set(nodes.map((n) => n.name));
  const unmet = new Map<string, number>();
  const dependents = new Map<string, string[]>();
  for (const n of nodes) {
    // Dependencies outside the graph never block, and a node listed twice counts once, as before.
    const deps = new Set(n.deps.map((d) => d.to).filter((d) => names.has(d)));
    unmet.set(n.name, deps.size);
    for (const d of deps) {
      const list = dependents.get(d);
      if (list) list.push(n.name);
      else dependents.set(d, [n.name]);
    }
  }
  const layers: string[][] = [];
  let ready = [...unmet].filter(([, count]) => count === 0).map(([n]) => n);
  let placed = 0;
  while (ready.length > 0) {
    ready.sort();
    layers.push(ready);
    placed += ready.length;
    const next: string[] = [];
    for (const n of ready)
      for (const m of dependents.get(n) ?? []) {
        const left = unmet.get(m)! - 1;
        unmet.set(m, left);
        if (left === 0) next.push(m);
      }
    ready = next;
  }
  if (placed < unmet.size) {
    const remaining = [...unmet].filter(([, count]) => count > 0).map(([n]) => n);
    throw new Error(`dependency cycle among ${remaining.join(', ')}`);
  }
  return layers;
}

// The DAG scheduler: every node starts as soon as each of its dependencies has reached the condition it
// asks for (started, healthy, completed), so independent branches run in parallel. The first failure
// aborts the run (through the run's `fail`, which every wait listens to) and fails the nodes that depend
// on the failed one without starting them; after a failure or an interrupt no node starts any more.
import { OhEnvError } from '../errors.js';
import { aborted } from './abort.js';

/** Ordered: reaching one condition also reaches the ones before it (healthy implies started). */
export const CONDITIONS = ['started', 'healthy', 'completed'] as const;
export type Condition = (typeof CONDITIONS)[number];

export interface DagNode {
  readonly id: string;
  /** Dependency id → the condition it must reach before this node starts. */
  readonly needs: Readonly<Record<string, Condition>>;
  /**
   * Does the node's work. `reached` tells dependants waiting on a condition that it holds; returning reaches
   * `completed` (and so every condition), throwing fails the node and the run.
   */
  run(reached: (c: Condition) => void, signal: AbortSignal): Promise<void>;
}

export interface DagOptions {
  /** The run's signal: aborted by Ctrl-C or by `fail`. */
  readonly signal: AbortSignal;
  /** Aborts the run with the first failure (RunScope.fail). */
  fail(e: Error): void;
  /**
   * An ordering hint, not a dependency: a node listed here starts only once the named nodes have started
   * (or failed). Local uses it to hand the engine the heads of the longest chains first (see `leadersFirst`).
   */
  readonly after?: ReadonlyMap<string, readonly string[]>;
}

interface Gate {
  readonly promise: Promise<void>;
  open(): void;
  fail(e: Error): void;
}

function gate(): Gate {
  let open!: () => void;
  let fail!: (e: Error) => void;
  const promise = new Promise<void>((res, rej) => {
    open = res;
    fail = rej;
  });
  promise.catch(() => undefined); // a failed gate nobody waits on is not an unhandled rejection
  return { promise, open, fail };
}

const toError = (e: unknown): Error => (e instanceof Error ? e : new Error(String(e)));

/** `p`, or the signal's reason once it aborts, whichever comes first. */
async function orAbort<T>(p: Promise<T>, signal: AbortSignal): Promise<T> {
  return Promise.race([
    p,
    aborted(signal).then((): never => {
      throw toError(signal.reason);
    }),
  ]);
}

export class Dag {
  private readonly gates = new Map<string, Readonly<Record<Condition, Gate>>>();

  constructor(
    private readonly nodes: readonly DagNode[],
    private readonly opts: DagOptions,
  ) {
    for (const n of nodes) this.gates.set(n.id, { started: gate(), healthy: gate(), completed: gate() });
    for (const n of nodes)
      for (const d of Object.keys(n.needs))
        if (!this.gates.has(d))
          throw new OhEnvError('E_INTERNAL', `"${n.id}" depends on "${d}", which is not in the run`);
    const cycle = findCycle(nodes);
    if (cycle) throw new OhEnvError('E_INTERNAL', `dependency cycle: ${cycle.join(' → ')}`);
  }

  /** Resolves when node `id` reaches `c`; rejects with the node's failure. */
  when(id: string, c: Condition): Promise<void> {
    const g = this.gates.get(id);
    if (!g) throw new OhEnvError('E_INTERNAL', `no node "${id}" in the run`);
    return g[c].promise;
  }

  /** Runs every node; rejects with the run's abort reason (the first failure, or the interrupt). */
  async run(): Promise<void> {
    const results = await Promise.allSettled(this.nodes.map((n) => this.runNode(n)));
    if (this.opts.signal.aborted) throw toError(this.opts.signal.reason);
    const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed) throw failed.reason;
  }

  private async runNode(n: DagNode): Promise<void> {
    const g = this.gates.get(n.id)!;
    const { signal } = this.opts;
    const reached = (c: Condition): void => {
      for (const x of CONDITIONS.slice(0, CONDITIONS.indexOf(c) + 1)) g[x].open();
    };
    try {
      const after = this.opts.after?.get(n.id) ?? [];
      if (after.length > 0) await orAbort(Promise.allSettled(after.map((a) => this.when(a, 'started'))), signal);
      await orAbort(Promise.all(Object.entries(n.needs).map(([d, c]) => this.when(d, c))), signal);
      if (signal.aborted) throw toError(signal.reason); // nothing new after a failure or Ctrl-C
      await n.run(reached, signal);
      reached('completed');
    } catch (e) {
      const err = toError(e);
      for (const c of CONDITIONS) g[c].fail(err); // no effect on a condition already reached
      this.opts.fail(err);
      throw err;
    }
  }
}

/** One cycle of the graph (its ids, first repeated at the end), if there is one. */
function findCycle(nodes: readonly Pick<DagNode, 'id' | 'needs'>[]): string[] | undefined {
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const state = new Map<string, 'open' | 'done'>();
  const path: string[] = [];
  const visit = (id: string): string[] | undefined => {
    if (state.get(id) === 'done') return undefined;
    if (state.get(id) === 'open') return [...path.slice(path.indexOf(id)), id];
    state.set(id, 'open');
    path.push(id);
    for (const d of Object.keys(byId.get(id)?.needs ?? {})) {
      const c = visit(d);
      if (c) return c;
    }
    path.pop();
    state.set(id, 'done');
    return undefined;
  };
  for (const n of nodes) {
    const c = visit(n.id);
    if (c) return c;
  }
  return undefined;
}

/**
 * For each node, how many nodes the longest chain that starts with it holds (itself and the dependants that
 * wait on it, transitively).
 */
export function chainLengths(nodes: readonly Pick<DagNode, 'id' | 'needs'>[]): Map<string, number> {
  const dependants = new Map<string, string[]>(nodes.map((n) => [n.id, []]));
  for (const n of nodes) for (const d of Object.keys(n.needs)) dependants.get(d)?.push(n.id);
  const memo = new Map<string, number>();
  // The Dag rejects cycles (and so does the model), so the recursion ends.
  const length = (id: string): number =>
    memo.get(id) ?? memo.set(id, 1 + Math.max(0, ...(dependants.get(id) ?? []).map(length))).get(id)!;
  for (const n of nodes) length(n.id);
  return memo;
}

/**
 * The ordering hint "heads of the longest chains first": the roots (nodes without dependencies) that head
 * a longest chain start at once, the other roots once those have started. For an engine that does much of
 * its create and start work one at a time (Docker), everything on the longest chain waits for its head, so
 * the head should not queue behind a root nothing waits for.
 */
export function leadersFirst(nodes: readonly Pick<DagNode, 'id' | 'needs'>[]): Map<string, readonly string[]> {
  const roots = nodes.filter((n) => Object.keys(n.needs).length === 0).map((n) => n.id);
  const chain = chainLengths(nodes);
  const longest = Math.max(0, ...roots.map((r) => chain.get(r)!));
  const leaders = roots.filter((r) => chain.get(r) === longest);
  return new Map(roots.filter((r) => chain.get(r) !== longest).map((r) => [r, leaders]));
}

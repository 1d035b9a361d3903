import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dependencyGraph, findCycles, startOrder, type GraphNode } from './graph.js';
import { EnvironmentSchema } from './schema.js';

const env = EnvironmentSchema.parse({
  apiVersion: 'oh-env.dev/v1alpha1',
  kind: 'Environment',
  metadata: { name: 'g' },
  secrets: { pw: {} },
  backends: { db: { type: 'postgres', database: 'd', user: 'u', passwordSecret: 'pw' }, cache: { type: 'redis' } },
  jobs: { migrate: { image: 'a:1', uses: ['db'] } },
  services: {
    app: { image: 'a:1', uses: ['db', 'cache'], dependsOn: { migrate: 'completed' } },
    worker: { image: 'a:1', dependsOn: { app: 'started' } },
  },
});

test('uses become healthy edges; dependsOn keeps its condition', () => {
  const app = dependencyGraph(env).find((n) => n.name === 'app');
  assert.deepEqual(app?.deps, [
    { to: 'cache', condition: 'healthy' },
    { to: 'db', condition: 'healthy' },
    { to: 'migrate', condition: 'completed' },
  ]);
});

test('start order puts every node after its dependencies, in layers', () => {
  assert.deepEqual(startOrder(dependencyGraph(env)), [['cache', 'db'], ['migrate'], ['app'], ['worker']]);
});

test('cycles are found and named', () => {
  const nodes = [
    { name: 'a', kind: 'service' as const, deps: [{ to: 'b', condition: 'started' as const }] },
    { name: 'b', kind: 'service' as const, deps: [{ to: 'a', condition: 'started' as const }] },
  ];
  assert.deepEqual(findCycles(nodes), [['a', 'b', 'a']]);
  assert.throws(() => startOrder(nodes), /cycle/);
});

test('start order: each node in the layer of its longest dependency chain; deps outside the graph never block', () => {
  // The definition, computed the slow way: a layer is every remaining node none of whose deps remain.
  const reference = (nodes: readonly GraphNode[]): string[][] => {
    const remaining = new Map(nodes.map((n) => [n.name, n.deps.map((d) => d.to)]));
    const layers: string[][] = [];
    while (remaining.size > 0) {
      const ready = [...remaining].filter(([, deps]) => deps.every((d) => !remaining.has(d))).map(([n]) => n);
      layers.push(ready.sort());
      for (const n of ready) remaining.delete(n);
    }
    return layers;
  };
  let seed = 7;
  const random = (k: number): number => (seed = (seed * 1103515245 + 12345) % 2 ** 31) % k;
  for (let round = 0; round < 50; round++) {
    const size = 1 + random(30);
    const names = Array.from({ length: size }, (_, i) => `n${String(i).padStart(2, '0')}`);
    // Edges only to earlier nodes (no cycles), some duplicated, some to a node that is not in the graph.
    const nodes: GraphNode[] = names.map((name, i) => ({
      name,
      kind: 'service',
      deps: Array.from({ length: random(4) }, () => ({
        to: i > 0 && random(5) > 0 ? names[random(i)]! : 'outside',
        condition: 'started' as const,
      })),
    }));
    assert.deepEqual(startOrder(nodes), reference(nodes), `round ${round}`);
  }
});

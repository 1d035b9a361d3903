import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dependencyGraph, findCycles, startOrder } from './graph.js';
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

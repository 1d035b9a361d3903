import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SnapshotStore } from './store.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

test('a status change is told within the short window, even after samples that wait for the long one', async () => {
  const store = new SnapshotStore(undefined, 20, 300);
  let told = 0;
  store.subscribe(() => (told += 1));
  store.emit({ type: 'resource.stats', time: 1, resource: 'a', cpuPercent: 1, memoryBytes: 1 });
  await sleep(60);
  assert.equal(told, 0, 'samples wait');
  store.emit({ type: 'resource.status', time: 2, resource: 'a', kind: 'service', state: 'unhealthy' });
  await sleep(60);
  assert.equal(told, 1);
  assert.equal(store.get().resources[0]?.state, 'unhealthy');
  assert.equal(store.get().resources[0]?.cpuPercent, 1);
  for (let i = 0; i < 50; i++)
    store.emit({ type: 'log', time: 3 + i, resource: 'a', stream: 'stdout', line: String(i) });
  await sleep(400);
  assert.equal(told, 2, 'a burst of log lines is one notification');
  assert.equal(store.get().resources[0]?.logs.length, 50);
  store.close();
});

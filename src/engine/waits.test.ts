import { test } from 'node:test';
import assert from 'node:assert/strict';
import { pause, until, withDeadline } from './waits.js';

test('until polls until the check passes; a throwing check counts as failed', async () => {
  let n = 0;
  await until(
    async () => {
      n += 1;
      if (n === 1) throw new Error('not yet reachable');
      return n >= 3;
    },
    () => 1,
    new AbortController().signal,
  );
  assert.equal(n, 3);
});

test('a pause ends early on wake or abort', async () => {
  const t0 = Date.now();
  await pause(10_000, new AbortController().signal, Promise.resolve());
  await pause(10_000, AbortSignal.abort());
  assert.ok(Date.now() - t0 < 1000);
});

test('withDeadline: the value, a timeout, or the abort reason', async () => {
  const never = new Promise<number>(() => undefined);
  assert.deepEqual(await withDeadline(Promise.resolve(7), 1000, new AbortController().signal), {
    kind: 'done',
    value: 7,
  });
  assert.deepEqual(await withDeadline(never, 5, new AbortController().signal), { kind: 'timeout' });
  const c = new AbortController();
  setTimeout(() => c.abort(new Error('interrupted')), 5);
  await assert.rejects(withDeadline(never, 10_000, c.signal), /interrupted/);
  await assert.rejects(withDeadline(Promise.reject(new Error('broke')), 1000, new AbortController().signal), /broke/);
});

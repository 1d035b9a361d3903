import { test } from 'node:test';
import assert from 'node:assert/strict';
import { getEventListeners } from 'node:events';
import { PassThrough } from 'node:stream';
import { followUntilAbort } from './follow.js';

const chunks = (): { got: string[]; onData: (c: Buffer) => void } => {
  const got: string[] = [];
  return { got, onData: (c) => got.push(c.toString()) };
};

test('aborting the signal destroys the stream and resolves; the end callback is not run', async () => {
  const stream = new PassThrough();
  const ac = new AbortController();
  const { got, onData } = chunks();
  let ended = 0;
  const following = followUntilAbort(stream, ac.signal, onData, () => (ended += 1));
  stream.write('a');
  await new Promise((r) => setImmediate(r));
  ac.abort();
  await following;
  assert.deepEqual(got, ['a']);
  assert.equal(stream.destroyed, true);
  assert.equal(ended, 0);
  // An already aborted signal does not even start.
  const late = new PassThrough();
  await followUntilAbort(late, ac.signal, onData);
  assert.equal(late.destroyed, true);
});

test('the engine ending the stream resolves once, runs the end callback, and lets go of the signal', async () => {
  const stream = new PassThrough();
  const ac = new AbortController();
  let ended = 0;
  const following = followUntilAbort(
    stream,
    ac.signal,
    () => undefined,
    () => (ended += 1),
  );
  assert.equal(getEventListeners(ac.signal, 'abort').length, 1);
  stream.end('x');
  stream.resume();
  await following;
  assert.equal(ended, 1);
  assert.equal(getEventListeners(ac.signal, 'abort').length, 0);
});

test('a broken stream rejects, unless the signal aborted first', async () => {
  const broken = new PassThrough();
  const following = followUntilAbort(broken, new AbortController().signal, () => undefined);
  broken.destroy(new Error('reset'));
  await assert.rejects(following, /reset/);
  const ac = new AbortController();
  const other = new PassThrough();
  const f2 = followUntilAbort(other, ac.signal, () => undefined);
  ac.abort();
  other.emit('error', new Error('after abort'));
  await f2;
});

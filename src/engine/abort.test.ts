import { test } from 'node:test';
import assert from 'node:assert/strict';
import { OhEnvError } from '../errors.js';
import { aborted, interrupted, signalError } from './abort.js';

test('the signal errors exit as shells report the signal, not as bad input', () => {
  assert.equal(signalError('SIGINT').code, 'E_INTERRUPTED');
  assert.equal(signalError('SIGINT').exitCode, 130);
  assert.equal(signalError('SIGTERM').exitCode, 143);
  assert.equal(signalError('SIGTERM').message, 'terminated');
});

test('interrupted keeps the signal’s error and its exit code, adding the hint; any other reason is exit 130', () => {
  const c = new AbortController();
  c.abort(signalError('SIGTERM'));
  const e = interrupted(c.signal, 'run it again');
  assert.equal(e.exitCode, 143);
  assert.equal(e.hint, 'run it again');
  const other = new AbortController();
  other.abort('whatever');
  assert.deepEqual(
    [interrupted(other.signal, 'h').code, interrupted(other.signal, 'h').exitCode],
    ['E_INTERRUPTED', 130],
  );
  const withHint = new AbortController();
  const mine = new OhEnvError('E_INTERRUPTED', 'interrupted', { hint: 'already said' });
  withHint.abort(mine);
  assert.equal(interrupted(withHint.signal, 'h'), mine);
});

test('aborted resolves when the signal aborts, at once when it already has, never without one', async () => {
  const c = new AbortController();
  let done = false;
  const p = aborted(c.signal).then(() => (done = true));
  await new Promise((r) => setTimeout(r, 5));
  assert.equal(done, false);
  c.abort();
  await p;
  await aborted(AbortSignal.abort());
  const none = await Promise.race([
    aborted(undefined).then(() => 'resolved'),
    new Promise((r) => setTimeout(() => r('pending'), 10)),
  ]);
  assert.equal(none, 'pending');
});

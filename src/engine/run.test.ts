import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { OhEnvError } from '../errors.js';
import { EventBus, type OhEnvEvent } from '../events/types.js';
import { signalError } from './abort.js';
import { lockPath } from './config-dir.js';
import { withRun, type RunSpec } from './run.js';
import { step } from './step.js';

function setup() {
  const dir = mkdtempSync(join(tmpdir(), 'oh-env-run-'));
  const events: OhEnvEvent[] = [];
  const sink = { emit: (e: OhEnvEvent) => events.push(e) };
  const spec: RunSpec<string> = {
    command: 'up',
    target: 'local',
    env: 'demo',
    context: 'unix:///var/run/docker.sock',
    procEnv: { XDG_CONFIG_HOME: join(dir, 'config') },
    lock: true,
    interruptHint: 'run oh-env up local again',
    summary: (r) => `ready: ${r}`,
  };
  const lock = lockPath('demo', spec.procEnv);
  return { dir, events, sink, spec, lock, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

const types = (es: readonly OhEnvEvent[]) => es.map((e) => e.type);

// A second run refusing while the lock is held (another pid) is lock.test.ts's.
test('a run: run.started, the lock held while the body runs, run.ended with the summary, the lock released', async () => {
  const s = setup();
  try {
    const r = await withRun({ events: s.sink }, s.spec, async ({ bus }) => {
      assert.ok(existsSync(s.lock), 'the lock is held during the run');
      await step(bus, { id: 'network', title: 'network demo_default' }, async () => undefined);
      return 'two';
    });
    assert.equal(r, 'two');
    assert.equal(existsSync(s.lock), false);
    assert.deepEqual(types(s.events), ['run.started', 'step.started', 'step.ended', 'run.ended']);
    const ended = s.events.at(-1)!;
    assert.ok(ended.type === 'run.ended' && ended.ok && ended.summary === 'ready: two');
    assert.ok(
      s.events.every((e) => typeof e.time === 'number'),
      'events are stamped',
    );
  } finally {
    s.cleanup();
  }
});

test('a failing body ends the run with ok:false and its message, and releases the lock', async () => {
  const s = setup();
  try {
    const boom = new OhEnvError('E_UNHEALTHY', '"db" is unhealthy');
    await assert.rejects(
      withRun({ events: s.sink }, s.spec, async ({ bus }) =>
        step(bus, { id: 'service:db', title: 'db: create', resource: 'db' }, () => Promise.reject(boom)),
      ),
      (e) => e === boom,
    );
    const stepEnded = s.events.find((e) => e.type === 'step.ended');
    assert.ok(stepEnded?.type === 'step.ended' && !stepEnded.ok && stepEnded.message === boom.message);
    const ended = s.events.at(-1)!;
    assert.ok(ended.type === 'run.ended' && !ended.ok && ended.summary === boom.message);
    assert.equal(existsSync(s.lock), false);
  } finally {
    s.cleanup();
  }
});

test('Ctrl-C aborts the run’s signal and the run ends as E_INTERRUPTED, exit 130 (143 for SIGTERM)', async () => {
  for (const [sig, code] of [
    ['SIGINT', 130],
    ['SIGTERM', 143],
  ] as const) {
    const s = setup();
    try {
      const outer = new AbortController();
      const run = withRun({ events: s.sink, signal: outer.signal }, s.spec, ({ signal }) => {
        setTimeout(() => outer.abort(signalError(sig)), 5);
        // A wait that ends on the run's signal with an error of its own, as Docker's waits do.
        return new Promise<string>((_res, rej) => signal.addEventListener('abort', () => rej(new Error('aborted'))));
      });
      await assert.rejects(run, (e) => {
        assert.ok(e instanceof OhEnvError);
        assert.equal(e.code, 'E_INTERRUPTED');
        assert.equal(e.exitCode, code);
        assert.equal(e.hint, 'run oh-env up local again');
        return true;
      });
      assert.equal(existsSync(s.lock), false, 'the lock is released');
    } finally {
      s.cleanup();
    }
  }
});

test('a signal already aborted: the run ends at once, nothing is locked', async () => {
  const s = setup();
  try {
    let ran = false;
    await assert.rejects(
      withRun({ events: s.sink, signal: AbortSignal.abort() }, s.spec, async () => ((ran = true), 'x')),
      (e) => e instanceof OhEnvError && e.code === 'E_INTERRUPTED' && e.exitCode === 130,
    );
    assert.equal(ran, false);
    assert.deepEqual(types(s.events), ['run.started', 'run.ended']);
  } finally {
    s.cleanup();
  }
});

test('fail() aborts the run with that error; a later Ctrl-C does not hide it', async () => {
  const s = setup();
  try {
    const outer = new AbortController();
    const boom = new Error('first failure');
    await assert.rejects(
      withRun({ events: new EventBus(), signal: outer.signal }, s.spec, async ({ fail, signal }) => {
        fail(boom);
        fail(new Error('second'));
        outer.abort(signalError('SIGINT'));
        assert.equal(signal.reason, boom);
        throw signal.reason;
      }),
      (e) => e === boom,
    );
  } finally {
    s.cleanup();
  }
});

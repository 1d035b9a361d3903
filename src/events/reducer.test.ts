import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  elapsedMs,
  emptySnapshot,
  nextTickMs,
  LOG_RING,
  NOTICE_RING,
  reduce,
  reduceAll,
  type Snapshot,
} from './reducer.js';
import { recording } from './recordings.js';
import type { OhEnvEvent } from './types.js';

const res = (s: Snapshot, name: string) => {
  const r = s.resources.find((x) => x.name === name);
  assert.ok(r, `resource ${name} in snapshot`);
  return r;
};

test('up of the demo: every resource settles, steps carry durations, the run ends ready', () => {
  const events = recording('up-demo-ok.ndjson');
  const s = reduceAll(events);
  assert.equal(s.state, 'ready');
  assert.equal(s.summary, '5 resources up: app, files, migrate, postgres, redis');
  assert.equal(s.env, 'oh-env-demo');
  assert.equal(s.target, 'local');
  assert.equal(s.context, 'unix:///var/run/docker.sock');
  assert.deepEqual(
    s.resources.map((r) => [r.name, r.state]),
    [
      ['app', 'healthy'],
      ['files', 'healthy'],
      ['migrate', 'exited'],
      ['postgres', 'healthy'],
      ['redis', 'healthy'],
    ],
  );
  assert.equal(res(s, 'migrate').exitCode, 0);
  assert.ok(s.steps.every((st) => st.state === 'ok' && typeof st.durationMs === 'number'));
  assert.equal(s.steps.find((st) => st.id === 'start:app')?.durationMs, 2003);
  const app = res(s, 'app');
  assert.deepEqual(app.envKeys, ['DB_HOST', 'DB_PASS', 'FILE_STORE', 'REDIS_HOST']);
  assert.equal(app.url, 'http://127.0.0.1:3000');
  assert.equal(app.cpuPercent, 1.5);
  assert.equal(app.healthOutput, '{"ready": true}');
  assert.deepEqual(
    app.logs.map((l) => l.line),
    ['demo app listening on :3000'],
  );
  const last = events.at(-1)!;
  assert.equal(elapsedMs(s, last.time + 99_999), last.time - events[0]!.time);
});

test('the overall state follows the run: starting while steps run, ready when all settle before the run ends', () => {
  const events = recording('up-demo-ok.ndjson');
  const untilAppStarts = events.findIndex((e) => e.type === 'step.started' && e.id === 'start:app');
  assert.equal(reduceAll(events.slice(0, untilAppStarts + 1)).state, 'starting');
  const beforeEnd = reduceAll(events.slice(0, -1));
  assert.equal(beforeEnd.state, 'ready');
  assert.equal(elapsedMs(beforeEnd, beforeEnd.startedAt! + 1234), 1234);
});

test('a failed job: degraded before the end, failed after, with the error and the reason kept', () => {
  const events = recording('up-job-failed.ndjson');
  const before = reduceAll(events.slice(0, -1));
  assert.equal(before.state, 'degraded');
  const s = reduce(before, events.at(-1)!);
  assert.equal(s.state, 'failed');
  const migrate = res(s, 'migrate');
  assert.equal(migrate.state, 'exited');
  assert.equal(migrate.exitCode, 1);
  assert.equal(migrate.reason, 'exited with code 1');
  assert.equal(migrate.logs.at(-1)?.stream, 'stderr');
  assert.equal(s.steps.find((st) => st.id === 'run:migrate')?.state, 'failed');
  assert.equal(res(s, 'app').reason, 'waits for migrate to complete');
  assert.deepEqual(
    s.errors.map((e) => e.code),
    ['E_JOB_FAILED'],
  );
  assert.match(s.summary ?? '', /migrate failed/);
});

test('status stream: unhealthy → exited(137) → restarted; a new state drops the old exit code and reason', () => {
  const events = recording('status-restart.ndjson');
  const states: string[] = [];
  let s = emptySnapshot;
  for (const e of events) {
    s = reduce(s, e);
    if (e.type === 'resource.status' && e.resource === 'app') states.push(`${s.state}:${res(s, 'app').state}`);
  }
  assert.deepEqual(states, [
    'ready:healthy',
    'degraded:unhealthy',
    'degraded:exited',
    'starting:starting',
    'ready:healthy',
  ]);
  const app = res(s, 'app');
  assert.equal(app.restarts, 1);
  assert.equal(app.exitCode, undefined);
  assert.equal(app.reason, undefined);
  // Fields an event leaves out keep their value.
  assert.equal(app.image, 'oh-env-lab/demo-app:0.1.0');
  assert.deepEqual(app.ports, ['127.0.0.1:3000->3000/tcp']);
  assert.equal(app.memoryBytes, 40_000_000);
  assert.equal(res(s, 'redis').state, 'removed');
  assert.equal(s.state, 'ready');
});

test('the OOM exit keeps its code and reason while it is the state', () => {
  const events = recording('status-restart.ndjson');
  const i = events.findIndex((e) => e.type === 'resource.status' && e.state === 'exited' && e.resource === 'app');
  const app = res(reduceAll(events.slice(0, i + 1)), 'app');
  assert.equal(app.exitCode, 137);
  assert.equal(app.reason, 'OOMKilled');
  assert.equal(app.healthOutput, 'HTTP 503: redis unreachable');
});

test('log lines and notices are bounded rings; old snapshots are not mutated', () => {
  const logs: OhEnvEvent[] = Array.from({ length: LOG_RING + 25 }, (_, i) => ({
    type: 'log',
    time: i,
    resource: 'app',
    stream: 'stdout',
    line: `line ${i}`,
  }));
  const s = reduceAll(logs);
  const app = res(s, 'app');
  assert.equal(app.logs.length, LOG_RING);
  assert.equal(app.logs[0]?.line, 'line 25');
  assert.equal(app.logs.at(-1)?.line, `line ${LOG_RING + 24}`);
  const warned = reduceAll(
    Array.from({ length: NOTICE_RING + 3 }, (_, i): OhEnvEvent => ({ type: 'warning', time: i, message: `w${i}` })),
    s,
  );
  assert.equal(warned.warnings.length, NOTICE_RING);
  assert.equal(warned.droppedNotices, 3);
  assert.equal(res(s, 'app').logs.length, LOG_RING);
  assert.equal(s.warnings.length, 0);
});

test('resources stay sorted by name whatever order they appear in; no resources and no run is idle', () => {
  assert.equal(reduceAll([]).state, 'idle');
  const s = reduceAll(
    ['zeta', 'alpha', 'mid'].map((r, i): OhEnvEvent => ({
      type: 'resource.status',
      time: i,
      resource: r,
      kind: 'service',
      state: 'running',
    })),
  );
  assert.deepEqual(
    s.resources.map((r) => r.name),
    ['alpha', 'mid', 'zeta'],
  );
  const stopped = reduceAll([
    { type: 'run.started', time: 0, command: 'status', env: 'e', target: 'local', context: 'c' },
  ] as OhEnvEvent[]);
  assert.equal(stopped.state, 'stopped');
});

test('a run that ends with nothing left (down) is done; a failed run stays failed whatever follows', () => {
  const run = recording('up-demo-ok.ndjson')[0]!;
  const down = reduceAll([
    run,
    { type: 'resource.status', time: 1, resource: 'app', kind: 'service', state: 'removed' },
    { type: 'run.ended', time: 2, ok: true, durationMs: 2, summary: 'removed' },
  ]);
  assert.equal(down.state, 'done');
  const failed = reduceAll(
    [{ type: 'resource.status', time: 3, resource: 'app', kind: 'service', state: 'healthy' }],
    reduceAll(recording('up-job-failed.ndjson')),
  );
  assert.equal(failed.state, 'failed');
});

test('a step that ends without having started is still listed, with its duration', () => {
  const s = reduce(emptySnapshot, { type: 'step.ended', time: 1000, id: 'x', ok: true, durationMs: 400 });
  assert.deepEqual(
    s.steps.map((st) => [st.id, st.state, st.startedAt, st.durationMs]),
    [['x', 'ok', 600, 400]],
  );
});

test('the clock ticks every second only while something shown in seconds moves', () => {
  const events = recording('status-restart.ndjson');
  const s = reduceAll(events);
  const last = events.at(-1)!.time;
  // app restarted a few seconds ago: its age is in seconds.
  assert.equal(nextTickMs(s, last), 1000);
  assert.ok(nextTickMs(s, last + 120_000) > 1000);
  const starting = reduceAll(recording('up-demo-ok.ndjson').slice(0, 4));
  assert.equal(nextTickMs(starting, starting.lastEventAt! + 600_000), 1000);
});

test('past the first minute, frames come at the minute boundaries of what is shown, close ones together', () => {
  const running = (name: string, startedAt: number) =>
    ({
      type: 'resource.status',
      time: startedAt,
      resource: name,
      kind: 'service',
      state: 'healthy',
      startedAt,
    }) as const;
  const s = reduceAll([
    { type: 'run.started', time: 0, command: 'status', env: 'demo', target: 'local', context: 'x' },
    running('a', 5_000),
    running('b', 8_000),
    running('c', 40_000),
  ]);
  // At 130 s: elapsed 2m10s (changes in 50 s), ages 2m05s, 2m02s, 1m30s (55, 58, 30 s): c's change comes first,
  // alone within the slack.
  assert.equal(nextTickMs(s, 130_000), 30_010);
  // At 160 s: elapsed (20 s), a (25 s) and b (28 s) change within 10 s of each other: one frame for all three.
  assert.equal(nextTickMs(s, 160_000), 28_010);
  // A container that just started is shown in seconds.
  assert.equal(nextTickMs(reduce(s, running('d', 159_000)), 160_000), 1000);
});

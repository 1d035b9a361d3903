import { test } from 'node:test';
import assert from 'node:assert/strict';
import { OhEnvError } from '../errors.js';
import { chainLengths, Dag, leadersFirst, type Condition, type DagNode } from './scheduler.js';

const tick = (ms = 5): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** A run controller as the run bracket gives one: the first failure aborts it. */
function runController() {
  const c = new AbortController();
  return { signal: c.signal, fail: (e: Error) => c.abort(e), abort: (e: Error) => c.abort(e) };
}

/** Nodes that log "start:id" and "end:id"; `work` says what each does once started. */
function nodes(
  log: string[],
  spec: Record<string, Record<string, Condition>>,
  work: Record<string, (reached: (c: Condition) => void, signal: AbortSignal) => Promise<void>> = {},
): DagNode[] {
  return Object.entries(spec).map(([id, needs]) => ({
    id,
    needs,
    run: async (reached, signal) => {
      log.push(`start:${id}`);
      await (work[id] ?? (() => tick()))(reached, signal);
      log.push(`end:${id}`);
    },
  }));
}

test('each node starts when its dependencies meet their condition, independent branches in parallel', async () => {
  const log: string[] = [];
  const r = runController();
  let releaseHealth!: () => void;
  const healthy = new Promise<void>((res) => (releaseHealth = res));
  const dag = new Dag(
    nodes(
      log,
      { db: {}, migrate: { db: 'healthy' }, app: { migrate: 'completed', cache: 'started' }, cache: {} },
      {
        db: async (reached) => {
          reached('started');
          log.push('db:started');
          await healthy;
          reached('healthy');
          await tick(20); // still running after healthy: migrate need not wait for its end
        },
      },
    ),
    r,
  );
  const done = dag.run();
  await tick(15);
  assert.ok(!log.includes('start:migrate'), 'migrate waits for db to be healthy, not just started');
  assert.ok(log.includes('start:cache') && log.includes('start:db'), 'roots start at once');
  releaseHealth();
  await done;
  const at = (e: string) => log.indexOf(e);
  assert.ok(at('start:migrate') < at('end:db'), 'healthy releases dependants before the node returns');
  assert.ok(at('start:app') > at('end:migrate'), 'completed waits for the end');
  assert.ok(at('start:app') > at('start:cache'));
});

test('a failure aborts the run with that error and fails the dependants without starting them', async () => {
  const log: string[] = [];
  const r = runController();
  const boom = new OhEnvError('E_UNHEALTHY', '"db" is unhealthy');
  let sawAbort = false;
  const dag = new Dag(
    nodes(
      log,
      { db: {}, app: { db: 'healthy' }, slow: {} },
      {
        db: async () => {
          await tick();
          throw boom;
        },
        slow: (_reached, signal) =>
          new Promise<void>((_res, rej) =>
            signal.addEventListener('abort', () => ((sawAbort = true), rej(signal.reason as Error))),
          ),
      },
    ),
    r,
  );
  await assert.rejects(dag.run(), (e) => e === boom);
  assert.equal(r.signal.reason, boom, 'the first failure is the run’s reason');
  assert.ok(sawAbort, 'a running node sees the abort and stops');
  assert.ok(!log.includes('start:app'), 'a dependant of a failed node never starts');
  await assert.rejects(dag.when('app', 'started'), (e) => e === boom, 'and its conditions fail with the cause');
});

test('an interrupt stops the waiting nodes at once and starts nothing new', async () => {
  const log: string[] = [];
  const r = runController();
  const interrupt = new OhEnvError('E_INTERRUPTED', 'interrupted');
  const dag = new Dag(
    nodes(
      log,
      { job: {}, app: { job: 'completed' } },
      {
        job: (_reached, signal) =>
          new Promise<void>((_res, rej) => signal.addEventListener('abort', () => rej(signal.reason as Error))),
      },
    ),
    r,
  );
  const done = dag.run();
  await tick();
  r.abort(interrupt);
  await assert.rejects(done, (e) => e === interrupt);
  assert.deepEqual(log, ['start:job']);
});

test('an aborted run starts no node at all', async () => {
  const log: string[] = [];
  const r = runController();
  r.abort(new Error('stop'));
  await assert.rejects(new Dag(nodes(log, { a: {}, b: {} }), r).run(), /stop/);
  assert.deepEqual(log, []);
});

test('the ordering hint: the other roots start once the head of the longest chain has started', async () => {
  const log: string[] = [];
  const r = runController();
  const ns = nodes(
    log,
    { postgres: {}, migrate: { postgres: 'healthy' }, app: { migrate: 'completed', redis: 'healthy' }, redis: {} },
    {
      postgres: async (reached) => {
        await tick(10);
        log.push('postgres:started');
        reached('started');
      },
    },
  );
  const after = leadersFirst(ns);
  assert.deepEqual(Object.fromEntries(after), { redis: ['postgres'] });
  await new Dag(ns, { ...r, after }).run();
  assert.ok(log.indexOf('start:redis') > log.indexOf('postgres:started'), log.join(' '));
});

test('a leader that fails does not leave the roots behind it waiting', async () => {
  const r = runController();
  const log: string[] = [];
  const ns = nodes(log, { a: {}, b: { a: 'started' }, c: {} }, { a: () => Promise.reject(new Error('a broke')) });
  await assert.rejects(new Dag(ns, { ...r, after: leadersFirst(ns) }).run(), /a broke/);
  assert.ok(!log.includes('start:c'), 'after the failure nothing new starts');
});

test('unknown dependencies and cycles are refused before anything runs', () => {
  const r = runController();
  const log: string[] = [];
  assert.throws(() => new Dag(nodes(log, { a: { ghost: 'started' } }), r), /"a" depends on "ghost"/);
  assert.throws(() => new Dag(nodes(log, { a: { b: 'started' }, b: { a: 'healthy' } }), r), /cycle: a → b → a/);
  assert.deepEqual(log, []);
});

test('chain lengths: a head counts itself and its longest line of dependants', () => {
  const n = (id: string, ...deps: string[]) => ({
    id,
    needs: Object.fromEntries(deps.map((d) => [d, 'healthy' as const])),
  });
  // postgres → migrate → app; redis → app; files → app; worker alone.
  const lengths = chainLengths([
    n('app', 'migrate', 'redis', 'files'),
    n('migrate', 'postgres'),
    n('postgres'),
    n('redis'),
    n('files'),
    n('worker'),
  ]);
  assert.deepEqual(Object.fromEntries(lengths), { app: 1, migrate: 2, postgres: 3, redis: 2, files: 2, worker: 1 });
});

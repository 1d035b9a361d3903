// The database side of the contract, on the emulated backends of the demo environment: its migrations job
// applies on an empty database and is idempotent; the app connects with exactly the DB_* variables the local
// renderer gives it; reset() puts back the migrated state (and empties Redis and the bucket) fast.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { parse } from 'yaml';
import pg from 'pg';
import { diskReader } from '../../src/drivers/files.js';
import { putObject, listObjects } from '../../src/drivers/fake-gcs.js';
import { redisCommand } from '../../src/drivers/redis.js';
import { runJob } from '../../src/drivers/testcontainers.js';
import { loadModel } from '../../src/model/load.js';
import { render } from '../../src/targets/registry.js';
import { emulate, type Emulation, type PostgresEndpoint } from '../../src/testing/index.js';

const ROOT = new URL('../..', import.meta.url).pathname;
const DEMO = 'fixtures/demo/oh-env.yaml';

async function query<T>(env: Readonly<Record<string, string>>, sql: string): Promise<T[]> {
  // Only the DB_* variables, read the way the app reads them.
  const client = new pg.Client({
    host: env.DB_HOST,
    port: Number(env.DB_PORT),
    database: env.DB_NAME,
    user: env.DB_USER,
    password: env.DB_PASS,
  });
  await client.connect();
  try {
    return (await client.query(sql)).rows as T[];
  } finally {
    await client.end();
  }
}

describe('database contract: the demo environment on emulated backends', () => {
  let emu: Emulation;
  before(async () => {
    emu = await emulate(DEMO, { cwd: ROOT });
  });
  after(async () => emu?.stop());

  test('the migrations job applied on the empty database before the handle was returned', async () => {
    assert.equal(emu.migrations.length, 1);
    const [run] = emu.migrations;
    assert.equal(run?.job, 'migrate');
    assert.equal(run?.exitCode, 0, run?.output);
    assert.match(run?.output ?? '', /applied version 1/);
    const tables = await query<{ table_name: string }>(
      emu.env,
      "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY 1",
    );
    assert.deepEqual(
      tables.map((t) => t.table_name),
      ['conversations', 'schema_migrations'],
    );
  });

  test('a second run of the migrations job is idempotent', async () => {
    const job = emu.model.jobs.migrate!;
    const again = await runJob({
      image: job.image,
      entrypoint: job.command!,
      env: emu.envFor('migrate'),
      timeoutMs: 60_000,
      what: 'migrate',
    });
    assert.equal(again.exitCode, 0, again.output);
    assert.match(again.output, /schema up to date \(version 2\)/);
    const versions = await query<{ n: string }>(emu.env, 'SELECT count(*) AS n FROM schema_migrations');
    assert.equal(Number(versions[0]?.n), 2);
  });

  test('the app connects with exactly the DB_* variables the local renderer gives it', async () => {
    const { env, sources } = loadModel({ cwd: ROOT, file: DEMO, target: 'local' }, diskReader);
    const compose = render({ env, sources }, 'local').files.find((f) => f.path === 'docker-compose.yml');
    assert.ok(compose, 'the local renderer writes docker-compose.yml');
    const rendered = (parse(compose.content) as { services: Record<string, { environment: Record<string, string> }> })
      .services.app!.environment;
    const dbVars = (e: Record<string, unknown>) =>
      Object.keys(e)
        .filter((k) => k.startsWith('DB_'))
        .sort();
    assert.deepEqual(dbVars(emu.env), dbVars(rendered));
    // Same values except where the backend is: the address of the emulator instead of the Compose service.
    assert.equal(emu.env.DB_NAME, rendered.DB_NAME);
    assert.equal(emu.env.DB_USER, rendered.DB_USER);
    assert.equal(rendered.DB_HOST, 'postgres');
    assert.equal(emu.env.DB_HOST, '127.0.0.1');
    const [who] = await query<{ user: string; db: string }>(
      emu.env,
      'SELECT current_user AS user, current_database() AS db',
    );
    assert.deepEqual(who, { user: emu.env.DB_USER, db: emu.env.DB_NAME });
  });

  test('reset() puts back the migrated state, empties Redis and the bucket, fast', async () => {
    await query(emu.env, "INSERT INTO conversations (id, title) VALUES ('c1', 'kept?')");
    await redisCommand(emu.env.REDIS_HOST!, Number(emu.env.REDIS_PORT), ['SET', 'k', 'v']);
    const files = emu.endpoints.files;
    assert.equal(files?.type, 'bucket');
    await putObject(files.url, files.bucket, 'sessions/c1/events/0.json', Buffer.from('{}'), 'application/json');

    const t0 = performance.now();
    await emu.reset();
    const ms = performance.now() - t0;

    assert.deepEqual(await query(emu.env, 'SELECT id FROM conversations'), []);
    const versions = await query<{ n: string }>(emu.env, 'SELECT count(*) AS n FROM schema_migrations');
    assert.equal(Number(versions[0]?.n), 2, 'the migrated schema is back');
    assert.equal(await redisCommand(emu.env.REDIS_HOST!, Number(emu.env.REDIS_PORT), ['DBSIZE']), ':0');
    assert.deepEqual(await listObjects(files.url, files.bucket), []);
    // The 300 ms target is measured by bench/emulate.ts; here only a bound that a loaded CI machine keeps.
    assert.ok(ms < 1500, `reset took ${ms.toFixed(0)} ms`);
    const pgEndpoint = emu.endpoints.postgres as PostgresEndpoint;
    assert.equal(pgEndpoint.port, Number(emu.env.DB_PORT));
  });
});

test('database(): each test can have its own migrated database, dropped after use', async () => {
  await using emu = await emulate(DEMO, { cwd: ROOT, migrations: true });
  const names: string[] = [];
  {
    await using a = await emu.database();
    await using b = await emu.database();
    names.push(a.name, b.name);
    assert.notEqual(a.name, b.name);
    await query(a.env, "INSERT INTO conversations (id, title) VALUES ('only-in-a', 'x')");
    assert.equal((await query(a.env, 'SELECT id FROM conversations')).length, 1);
    assert.deepEqual(await query(b.env, 'SELECT id FROM conversations'), [], 'b does not see a');
    assert.equal((await query(b.env, 'SELECT version FROM schema_migrations')).length, 2, 'b is migrated');
  }
  const left = await query<{ datname: string }>(emu.env, 'SELECT datname FROM pg_database');
  for (const n of names) assert.ok(!left.some((d) => d.datname === n), `${n} was dropped`);
});

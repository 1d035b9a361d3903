// Smoke: the lab's Postgres image honours the official image's contract well enough for
// @testcontainers/postgresql (POSTGRES_* variables, pg_isready health check, psql), including
// /docker-entrypoint-initdb.d; and the Redis image answers PING.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { connect } from 'node:net';
import './helpers.js';
import { POSTGRES_IMAGE, REDIS_IMAGE } from '../lab/index.js';

test('PostgreSqlContainer starts the lab image and answers a query', async () => {
  const { PostgreSqlContainer } = await import('@testcontainers/postgresql');
  const { default: pg } = await import('pg');
  const container = await new PostgreSqlContainer(POSTGRES_IMAGE)
    .withDatabase('ohenv')
    .withUsername('oh')
    .withPassword('secret')
    .withCopyContentToContainer([
      {
        content: "CREATE TABLE greeting (word text); INSERT INTO greeting VALUES ('hello from initdb.d');",
        target: '/docker-entrypoint-initdb.d/01-greeting.sql',
      },
    ])
    .start();
  try {
    const client = new pg.Client({ connectionString: container.getConnectionUri() });
    await client.connect();
    try {
      const r = await client.query<{ word: string; db: string; usr: string }>(
        'SELECT word, current_database() AS db, current_user AS usr FROM greeting',
      );
      assert.deepEqual(r.rows, [{ word: 'hello from initdb.d', db: 'ohenv', usr: 'oh' }]);
    } finally {
      await client.end();
    }
    const psql = await container.exec(['psql', '-U', 'oh', '-d', 'ohenv', '-tAc', 'SELECT 40 + 2']);
    assert.equal(psql.output.trim(), '42');
  } finally {
    await container.stop();
  }
});

test('the Redis image answers PING', async () => {
  const { GenericContainer, Wait } = await import('testcontainers');
  const container = await new GenericContainer(REDIS_IMAGE)
    .withExposedPorts(6379)
    .withWaitStrategy(Wait.forLogMessage(/Ready to accept connections/))
    .start();
  try {
    const reply = await new Promise<string>((resolve, reject) => {
      const s = connect(container.getMappedPort(6379), container.getHost(), () => s.write('PING\r\n'));
      s.once('data', (d) => {
        resolve(d.toString());
        s.end();
      });
      s.once('error', reject);
    });
    assert.equal(reply, '+PONG\r\n');
    const cli = await container.exec(['redis-cli', 'ping']);
    assert.equal(cli.output.trim(), 'PONG');
  } finally {
    await container.stop();
  }
});

// The example of docs/testing.md, run as a test: the code between the markers is what the doc quotes
// (scripts/testing-doc.test.ts checks that they are the same).
// docs:start
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { Storage } from '@google-cloud/storage';
import pg from 'pg';
import { emulate } from 'oh-env/testing';

// The backends of the model, on this machine: Postgres and Redis in containers, the bucket on
// fake-gcs-server, the migrations job already run. `env` is what the app gets on the local target.
const emu = await emulate('fixtures/demo/oh-env.yaml');
after(() => emu.stop());

test('a conversation row and its events', async () => {
  await emu.reset(); // migrated schema, empty Redis, empty bucket

  const db = new pg.Client({
    host: emu.env.DB_HOST,
    port: Number(emu.env.DB_PORT),
    database: emu.env.DB_NAME,
    user: emu.env.DB_USER,
    password: emu.env.DB_PASS,
  });
  await db.connect();
  await db.query("INSERT INTO conversations (id, title) VALUES ('c1', 'hello')");
  await db.end();

  const storage = new Storage({ apiEndpoint: emu.env.STORAGE_EMULATOR_HOST, projectId: 'test' });
  const bucket = storage.bucket(emu.env.FILE_STORE_PATH!);
  await bucket.file('sessions/c1/events/0.json').save('{"id":0}', { resumable: false });

  const [files] = await bucket.getFiles({ prefix: 'sessions/c1/events/' });
  assert.deepEqual(
    files.map((f) => f.name),
    ['sessions/c1/events/0.json'],
  );
});
// docs:end

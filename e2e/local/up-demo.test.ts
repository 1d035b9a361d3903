// The demo environment on the real engine, end to end: healthy, reachable, idempotent, a changed service
// recreated alone, data kept across down + up, and Compose seeing what oh-env started.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { parseDotenv } from '../../src/engine/secrets/dotenv.js';
import { SECRETS_FILE_NOTE } from '../../src/targets/local/up.js';
import { join } from 'node:path';
import { renderLocal } from '../../src/render/local/index.js';
import { compose, composeCli } from './compose-cli.js';
import { demoModel, dockerStatuses, getJson, labReady, sandbox } from './harness.js';

test('oh-env up local runs the demo environment: healthy, idempotent, data kept, visible to docker compose', async (t) => {
  if (!(await labReady(t))) return;
  const sb = await sandbox('demo');
  try {
    sb.write(demoModel(sb));
    const first = await sb.up();
    assert.equal(first.changed, true);
    assert.deepEqual(first.endpoints, [{ service: 'app', url: `http://127.0.0.1:${sb.port}` }]);

    await t.test(
      'every service is healthy and the job completed; /ready is OK through the published port',
      async () => {
        const status = await dockerStatuses(sb);
        for (const s of ['app', 'files', 'postgres', 'redis'])
          assert.match(status.get(s) ?? '', /\(healthy\)/, `${s}: ${status.get(s)}`);
        assert.match(status.get('migrate') ?? '', /^Exited \(0\)/);
        const ready = await getJson(`http://127.0.0.1:${sb.port}/ready`);
        assert.equal(ready.status, 200, JSON.stringify(ready.body));
      },
    );

    await t.test('every event is valid against the event schema and carries no secret value', async () => {
      const { EventSchema } = await import('../../src/events/schema.js');
      assert.ok(sb.events.length > 10);
      for (const e of sb.events) assert.ok(EventSchema.safeParse(e).success, JSON.stringify(e));
      const values = [...parseDotenv(readFileSync(first.notes![SECRETS_FILE_NOTE]!, 'utf8')).values()];
      assert.ok(values.length >= 2);
      const text = JSON.stringify(sb.events);
      for (const v of values) assert.ok(!text.includes(v), 'a secret value leaked into the events');
    });

    const ids = await sb.ids();
    await t.test('a second up changes nothing: same container ids, "nothing to do"', async () => {
      const again = await sb.up();
      assert.equal(again.changed, false);
      assert.deepEqual(await sb.ids(), ids);
    });

    await t.test("changing one service's env recreates only that service", async () => {
      sb.write(demoModel(sb, { DEMO_MARK: 'two' }));
      const r = await sb.up();
      assert.deepEqual(
        r.actions.map((a) => `${a.resource}:${a.action}`),
        ['app:recreate'],
      );
      const now = await sb.ids();
      for (const s of ['files', 'migrate', 'postgres', 'redis']) assert.equal(now.get(s), ids.get(s), s);
      assert.notEqual(now.get('app'), ids.get('app'));
      const env = (await sb.docker(['inspect', '--format', '{{json .Config.Env}}', now.get('app')!])).stdout;
      assert.ok((JSON.parse(env) as string[]).includes('DEMO_MARK=two'));
    });

    await t.test('docker compose ps on the rendered file lists the containers oh-env started', async (tt) => {
      const cli = composeCli(tt);
      if (!cli) return;
      const file = join(sb.dir, 'docker-compose.yml');
      writeFileSync(file, renderLocal({ env: sb.load(), sources: ['oh-env.yaml'] }).files[0]!.content);
      const secretsFile = join(sb.dir, 'config', 'oh-env', sb.name, 'secrets.env');
      const ps = await compose(cli, [
        '-f',
        file,
        '--env-file',
        secretsFile,
        'ps',
        '-a',
        '--format',
        '{{.Service}} {{.ID}}',
      ]);
      assert.equal(ps.exitCode, 0, ps.stderr);
      const listed = new Map(
        ps.stdout
          .split('\n')
          .filter(Boolean)
          .map((l) => l.split(' ') as [string, string]),
      );
      const now = await sb.ids();
      assert.deepEqual([...listed.keys()].sort(), [...now.keys()].sort());
      for (const [s, id] of now) assert.ok(id.startsWith(listed.get(s)!.slice(0, 12)), s);
    });

    await t.test('data written to Postgres and the bucket survives down + up', async () => {
      const created = await getJson(`http://127.0.0.1:${sb.port}/api/conversations`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ title: 'kept', message: 'survive please' }),
      });
      assert.equal(created.status, 201, JSON.stringify(created.body));
      const id = (created.body as { id: string }).id;
      await sb.down(false);
      assert.equal((await sb.ids()).size, 0);
      const back = await sb.up();
      assert.equal(back.changed, true);
      const read = await getJson(`http://127.0.0.1:${sb.port}/api/conversations/${id}`);
      assert.equal(read.status, 200, JSON.stringify(read.body));
      const conv = read.body as { title: string; events: { args: { content: string } }[] };
      assert.equal(conv.title, 'kept'); // the Postgres row
      assert.equal(conv.events[0]?.args.content, 'survive please'); // the bucket objects
    });
  } finally {
    await sb.cleanup();
  }
});

// The demo app (fixtures/demo-app, built by the lab as oh-env-lab/demo-app:0.1.0) against the backends that
// `oh-env emulate` starts, with exactly the env emulate prints: /ready passes, a conversation lands in Postgres and
// the bucket, and Ctrl-C on emulate removes everything it started.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execa, type ResultPromise } from 'execa';
import { freePort } from '../../src/drivers/net.js';
import { listObjects } from '../../src/drivers/fake-gcs.js';
import { runJob } from '../../src/drivers/testcontainers.js';
import type { Endpoints } from '../../src/testing/index.js';

const ROOT = new URL('../..', import.meta.url).pathname;
const IMAGE = 'oh-env-lab/demo-app:0.1.0';

interface Emulated {
  readonly env: Record<string, string>;
  readonly endpoints: Endpoints;
}

/** `oh-env emulate --json` in the background, until its JSON is out. */
async function startEmulate(): Promise<{ proc: ResultPromise; out: Emulated }> {
  const proc = execa(process.execPath, ['bin/oh-env.js', 'emulate', '-f', 'fixtures/demo/oh-env.yaml', '--json'], {
    cwd: ROOT,
    reject: false,
    buffer: false,
    env: { TESTCONTAINERS_RYUK_DISABLED: 'true' },
  });
  let text = '';
  const out = await new Promise<Emulated>((resolve, reject) => {
    proc.stdout?.setEncoding('utf8');
    proc.stdout?.on('data', (chunk: string) => {
      text += chunk;
      try {
        resolve(JSON.parse(text) as Emulated);
      } catch {
        // not whole yet
      }
    });
    void proc.then((r) => reject(new Error(`oh-env emulate exited (${r.exitCode}): ${text}`)));
  });
  return { proc, out };
}

/** The demo app in a container on the host network (so 127.0.0.1 in the env means the emulators). */
async function startApp(env: Record<string, string>): Promise<{ url: string; stop: () => Promise<void> }> {
  const { GenericContainer } = await import('testcontainers');
  const port = await freePort();
  const app = await new GenericContainer(IMAGE)
    .withNetworkMode('host')
    .withEnvironment({ ...env, PORT: String(port) })
    .withLabels({ 'dev.oh-env.test': 'demo-app' })
    .start();
  const url = `http://127.0.0.1:${port}`;
  for (const deadline = Date.now() + 30_000; ;) {
    try {
      await fetch(`${url}/health`);
      break;
    } catch (e) {
      if (Date.now() > deadline) throw new Error(`the demo app did not answer on ${url}`, { cause: e });
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  return { url, stop: async () => void (await app.stop({ timeout: 0 })) };
}

describe('the demo app on the env of `oh-env emulate`', () => {
  let emulate: Awaited<ReturnType<typeof startEmulate>>;
  let app: Awaited<ReturnType<typeof startApp>>;
  before(async () => {
    emulate = await startEmulate();
    app = await startApp(emulate.out.env);
  });
  after(async () => {
    await app?.stop();
    emulate?.proc.kill('SIGINT');
    await emulate?.proc;
  });

  test('/ready checks Postgres, Redis and the bucket and passes', async () => {
    const res = await fetch(`${app.url}/ready`);
    const body = (await res.json()) as { status: string; checks: Record<string, string> };
    assert.equal(res.status, 200, JSON.stringify(body));
    assert.deepEqual(Object.keys(body.checks).sort(), ['bucket', 'postgres', 'redis']);
    assert.ok(Object.values(body.checks).every((c) => c.startsWith('ok')));
  });

  test('a conversation is written to the bucket (sessions/<id>/events/) and Postgres, and read back', async () => {
    const created = await fetch(`${app.url}/api/conversations`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ title: 'contract' }),
    });
    assert.equal(created.status, 201);
    const { id } = (await created.json()) as { id: string };
    const files = emulate.out.endpoints.files;
    assert.equal(files?.type, 'bucket');
    const names = (await listObjects(files.url, files.bucket)).map((o) => o.name).filter((n) => n.includes(id));
    assert.deepEqual(names.sort(), [`sessions/${id}/events/0.json`, `sessions/${id}/events/1.json`]);
    const read = (await (await fetch(`${app.url}/api/conversations/${id}`)).json()) as {
      title: string;
      events: unknown[];
    };
    assert.equal(read.title, 'contract');
    assert.equal(read.events.length, 2);
  });

  test('/ready is 503 and names the backend that does not answer', async () => {
    const broken = await startApp({ ...emulate.out.env, REDIS_PORT: String(await freePort()) });
    try {
      const res = await fetch(`${broken.url}/ready`);
      const body = (await res.json()) as { failed: string[] };
      assert.equal(res.status, 503);
      assert.deepEqual(body.failed, ['redis']);
    } finally {
      await broken.stop();
    }
  });

  test('the app refuses to start without JWT_SECRET, saying so', async () => {
    const env = Object.fromEntries(Object.entries(emulate.out.env).filter(([k]) => k !== 'JWT_SECRET'));
    const run = await runJob({ image: IMAGE, env, timeoutMs: 30_000, what: 'no-jwt' });
    assert.equal(run.exitCode, 2);
    assert.match(run.output, /JWT_SECRET is not set/);
  });
});

test('Ctrl-C on `oh-env emulate` stops and removes everything it started', async () => {
  const { proc, out } = await startEmulate();
  const ids = Object.values(out.endpoints).flatMap((e) => (e.type === 'bucket' ? [] : [e.containerId]));
  assert.equal(ids.length, 2, 'a Postgres and a Redis container');
  proc.kill('SIGINT');
  const result = await proc;
  assert.equal(result.exitCode, 0);
  const { getContainerRuntimeClient } = await import('testcontainers');
  const docker = (await getContainerRuntimeClient()).container.dockerode;
  const left = await docker.listContainers({ all: true, filters: { id: ids } });
  assert.deepEqual(left, []);
  const files = out.endpoints.files;
  assert.equal(files?.type, 'bucket');
  await assert.rejects(fetch(`${files.url}/storage/v1/b`), 'fake-gcs-server is gone');
});

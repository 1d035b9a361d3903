import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { diskReader } from '../src/drivers/files.js';
import { loadModel } from '../src/model/load.js';
import { imageRef } from '../src/render/images.js';
import { TARGETS } from '../src/model/schema.js';
import { appUrl, DEMO_MODEL, ROOT, showApp } from './demo.js';

const load = (target: (typeof TARGETS)[number]) => loadModel({ cwd: ROOT, file: DEMO_MODEL, target }, diskReader).env;

test('the demo model uses only images the lab builds, so nothing is pulled', () => {
  for (const target of TARGETS) {
    const env = load(target);
    assert.equal(env.images.registry, undefined, 'no registry prefix');
    const images = [
      ...Object.values(env.services).map((s) => imageRef(env, s.image)),
      ...Object.values(env.jobs).map((j) => imageRef(env, j.image)),
      ...Object.values(env.backends).map((b) => (b.type === 'bucket' ? b.emulatorImage : b.image)),
    ];
    for (const image of images) assert.match(image ?? '(default image)', /^oh-env-lab\//, `${target}: ${image}`);
  }
});

test('the demo app keeps the OpenHands contract: port 3000, the same backends, migrations before it starts', () => {
  const env = load('local');
  const app = env.services.app;
  assert.ok(app);
  assert.deepEqual(app.ports, [{ name: 'http', port: 3000, publish: 3000, protocol: 'tcp' }]);
  assert.deepEqual([...app.uses].sort(), ['files', 'postgres', 'redis']);
  assert.equal(app.secretEnv.JWT_SECRET, 'jwt-secret');
  assert.deepEqual(app.dependsOn, { migrate: 'completed' });
  assert.equal(app.health.probeTool, 'python');
  assert.equal(app.local.dockerSocket, false, 'the demo starts no sandboxes');
  assert.deepEqual(env.jobs.migrate?.command, ['python3', '/app/app.py', 'migrate']);
  assert.equal(appUrl(env), 'http://127.0.0.1:3000');
});

async function fakeApp(ready: number): Promise<{ server: Server; base: string; seen: string[] }> {
  const seen: string[] = [];
  const server = createServer((req, res) => {
    seen.push(`${req.method} ${req.url}`);
    const json = (status: number, body: unknown) => res.writeHead(status).end(JSON.stringify(body));
    if (req.url === '/ready') return json(ready, { status: ready === 200 ? 'ready' : 'not ready' });
    if (req.method === 'POST' && req.url === '/api/conversations') return json(201, { id: 'abc' });
    if (req.url === '/api/conversations/abc') return json(200, { id: 'abc', events: [] });
    return json(404, {});
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { server, base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen };
}

test('showApp checks /ready, creates a conversation and reads it back', async () => {
  const { server, base, seen } = await fakeApp(200);
  try {
    const lines: string[] = [];
    await showApp(base, (l) => lines.push(l));
    assert.deepEqual(seen, ['GET /ready', 'POST /api/conversations', 'GET /api/conversations/abc']);
    assert.ok(lines.some((l) => l.includes('→ 201')));
  } finally {
    server.close();
  }
});

test('showApp stops with the reason when the app is not ready', async () => {
  const { server, base, seen } = await fakeApp(503);
  try {
    await assert.rejects(
      showApp(base, () => {}),
      /not ready/,
    );
    assert.deepEqual(seen, ['GET /ready']);
  } finally {
    server.close();
  }
});

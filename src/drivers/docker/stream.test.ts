import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type ServerResponse } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connectDocker } from './client.js';
import { followProjectEvents, type DockerContainerEvent } from './events.js';

// A stand-in engine on a unix socket: the first /events connection sends two events and drops; the
// reconnection must ask `since` the last one and must not deliver it twice.
test('the event stream reconnects from the last event after a drop, without duplicates', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'oh-env-events-'));
  const socket = join(dir, 'engine.sock');
  const event = (n: number, action = 'start') =>
    `${JSON.stringify({ Type: 'container', Action: action, Actor: { ID: `c${n}`, Attributes: {} }, timeNano: n * 1e9 })}\n`;
  const urls: string[] = [];
  const open: ServerResponse[] = [];
  const server = createServer((req, res) => {
    if (req.url?.endsWith('/_ping')) {
      res.end('OK');
      return;
    }
    urls.push(req.url ?? '');
    res.writeHead(200, { 'content-type': 'application/json' });
    if (urls.length === 1) {
      res.write(event(1));
      // A partial line, completed in the next chunk.
      const e2 = event(2, 'health_status: healthy');
      res.write(e2.slice(0, 10));
      setTimeout(() => res.end(e2.slice(10)), 20);
    } else {
      res.write(event(2, 'health_status: healthy') + event(3, 'die'));
      open.push(res);
    }
  });
  await new Promise<void>((r) => server.listen(socket, r));
  t.after(() => {
    for (const r of open) r.destroy();
    server.close();
    rmSync(dir, { recursive: true, force: true });
  });
  const client = await connectDocker({ DOCKER_HOST: `unix://${socket}` });
  const got: DockerContainerEvent[] = [];
  let reconnects = 0;
  const stream = await followProjectEvents(client, 'demo', (e) => got.push(e), {
    retryMs: 10,
    onReconnect: () => (reconnects += 1),
  });
  for (let i = 0; i < 100 && got.length < 3; i++) await new Promise((r) => setTimeout(r, 20));
  stream.close();
  assert.deepEqual(
    got.map((e) => [e.id, e.action, e.health]),
    [
      ['c1', 'start', undefined],
      ['c2', 'health_status', 'healthy'],
      ['c3', 'die', undefined],
    ],
  );
  assert.equal(reconnects, 1);
  const first = new URL(urls[0]!, 'http://x');
  assert.deepEqual(JSON.parse(first.searchParams.get('filters')!).label, ['com.docker.compose.project=demo']);
  assert.equal(first.searchParams.get('since'), null);
  assert.equal(new URL(urls[1]!, 'http://x').searchParams.get('since'), '2.000000000');
});

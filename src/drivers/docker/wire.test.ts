import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connectDocker, type ApiRequest } from './client.js';
import { ENGINE_API_VERSION, wireRequest } from './wire.js';

test('a request is versioned, and a query in the path is merged with the query object', () => {
  const w = wireRequest({
    path: '/containers/json?all=1&filters=%7B%22a%22%3A1%7D',
    query: { limit: 5, x: undefined },
  });
  assert.equal(w.method, 'GET');
  assert.equal(w.path, `/v${ENGINE_API_VERSION}/containers/json?all=1&filters=%7B%22a%22%3A1%7D&limit=5`);
  assert.deepEqual(w.headers, {});
  const post = wireRequest({ method: 'POST', path: '/networks/create', body: { Name: 'n' } });
  assert.equal(post.body?.toString(), '{"Name":"n"}');
  assert.deepEqual(post.headers, { 'Content-Type': 'application/json' });
});

// The same calls through node:http and through dockerode's modem must arrive at the engine as the same
// request: method, path with query, content type and body. (Through the modem, a path carrying its own query
// string used to lose its last character, and the API version differed.)
test('both transports send the same request to the engine', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'oh-env-wire-'));
  const socket = join(dir, 'engine.sock');
  const seen: string[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      const type = req.headers['content-type'] ?? '';
      seen.push(`${req.method} ${req.url} [${type}] ${body}`);
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(req.url?.endsWith('/_ping') ? 'OK' : '{}');
    });
  });
  await new Promise<void>((r) => server.listen(socket, r));
  t.after(() => {
    server.close();
    rmSync(dir, { recursive: true, force: true });
  });
  const calls: ApiRequest[] = [
    { path: `/containers/json?all=1&filters=${encodeURIComponent('{"label":["a=b"]}')}` },
    { path: '/events', query: { filters: '{"type":["container"]}', since: '2.000000000' } },
    { method: 'POST', path: '/containers/create', query: { name: 'x y' }, body: { Image: 'i', Env: ['A=1'] } },
    { method: 'POST', path: '/containers/abc/start' },
    { method: 'DELETE', path: '/containers/abc', query: { force: true, v: false } },
  ];
  const through = async (viaSdk: boolean): Promise<string[]> => {
    seen.length = 0;
    const client = await connectDocker({ DOCKER_HOST: `unix://${socket}` }, 2000, { viaSdk });
    for (const c of calls) await client.call(c);
    return [...seen];
  };
  const http = await through(false);
  const sdk = await through(true);
  assert.deepEqual(sdk, http);
  assert.equal(http.length, calls.length + 1); // and the ping
  for (const line of http) assert.match(line, new RegExp(`^\\w+ /v${ENGINE_API_VERSION.replace('.', '\\.')}/`));
  assert.equal(
    http[1],
    `GET /v${ENGINE_API_VERSION}/containers/json?all=1&filters=%7B%22label%22%3A%5B%22a%3Db%22%5D%7D [] `,
  );
  assert.equal(
    http[3],
    `POST /v${ENGINE_API_VERSION}/containers/create?name=x+y [application/json] {"Image":"i","Env":["A=1"]}`,
  );
});

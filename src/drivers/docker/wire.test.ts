import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connectDocker, type ApiRequest } from './client.js';
import { MAX_API_VERSION, MIN_API_VERSION, negotiateApiVersion, wireRequest } from './wire.js';

const V = '1.44';

test('a request is versioned, and a query in the path is merged with the query object', () => {
  const w = wireRequest(
    {
      path: '/containers/json?all=1&filters=%7B%22a%22%3A1%7D',
      query: { limit: 5, x: undefined },
    },
    V,
  );
  assert.equal(w.method, 'GET');
  assert.equal(w.path, `/v${V}/containers/json?all=1&filters=%7B%22a%22%3A1%7D&limit=5`);
  assert.deepEqual(w.headers, {});
  const post = wireRequest({ method: 'POST', path: '/networks/create', body: { Name: 'n' } }, V);
  assert.equal(post.body?.toString(), '{"Name":"n"}');
  assert.deepEqual(post.headers, { 'Content-Type': 'application/json' });
  assert.equal(wireRequest({ path: '/_ping', unversioned: true }, V).path, '/_ping');
});

test('the API version is negotiated as the docker CLI does: the engine newest, capped at ours, floor 1.41', () => {
  assert.equal(negotiateApiVersion('1.41'), '1.41'); // Docker 20.10
  assert.equal(negotiateApiVersion('1.45'), '1.45');
  assert.equal(negotiateApiVersion('1.52'), MAX_API_VERSION); // Docker 29 (which refuses anything below 1.44)
  assert.equal(negotiateApiVersion('1.40'), undefined); // Docker 19.03: too old
  assert.equal(negotiateApiVersion('1.9'), undefined); // numeric, not lexical: 1.9 < 1.41
  assert.equal(negotiateApiVersion(undefined), MIN_API_VERSION);
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
      res.writeHead(200, { 'content-type': 'application/json', 'api-version': V });
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
  assert.equal(http.length, calls.length + 1); // and the ping, unversioned
  assert.equal(http[0], 'GET /_ping [] ');
  for (const line of http.slice(1)) assert.match(line, new RegExp(`^\\w+ /v${V.replace('.', '\\.')}/`));
  assert.equal(http[1], `GET /v${V}/containers/json?all=1&filters=%7B%22label%22%3A%5B%22a%3Db%22%5D%7D [] `);
  assert.equal(http[3], `POST /v${V}/containers/create?name=x+y [application/json] {"Image":"i","Env":["A=1"]}`);
});

test('an engine older than 1.41 gets a clear error naming its version, and nothing else is sent', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'oh-env-wire-'));
  const socket = join(dir, 'engine.sock');
  const seen: string[] = [];
  const server = createServer((req, res) => {
    seen.push(`${req.method} ${req.url}`);
    res.writeHead(200, { 'api-version': '1.40' });
    res.end('OK');
  });
  await new Promise<void>((r) => server.listen(socket, r));
  t.after(() => {
    server.close();
    rmSync(dir, { recursive: true, force: true });
  });
  await assert.rejects(connectDocker({ DOCKER_HOST: `unix://${socket}` }, 2000), (e: Error & { code?: string }) => {
    assert.equal(e.code, 'E_DOCKER_UNREACHABLE');
    assert.match(e.message, /speaks API 1\.40, older than 1\.41/);
    return true;
  });
  assert.deepEqual(seen, ['GET /_ping']);
});

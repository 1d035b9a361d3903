// The wait-for-dependency scripts the init containers run, executed for real with this machine's sh, wget,
// timeout and bash (the toolset of a Debian-based wait image) against servers on 127.0.0.1: a TCP port, an
// HTTP readiness endpoint that turns ready, and a fake Kubernetes API (HTTPS, bearer token) whose Job
// completes or fails and whose Deployment gets a ready replica.
import { test } from 'node:test';
import { throwawayCertificate } from '../support/throwaway-cert.js';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer as createHttpServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { createServer as createTcpServer, type AddressInfo, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Environment } from '../../src/model/schema.js';
import type { KubeContext } from '../../src/render/kube/meta.js';
import { KIND_PROFILE } from '../../src/render/kind/profile.js';
import { waitScript, type WaitCheck } from '../../src/render/kube/wait.js';

const ctx: KubeContext = {
  env: {} as Environment,
  target: 'kind',
  profile: KIND_PROFILE,
  namespace: 'ns',
  warnings: [],
};

interface Run {
  readonly code: number | null;
  readonly output: string;
}

/** Runs a script with sh; kills it after `limitMs` (code null then). The token dir is redirected to `dir`. */
async function run(check: WaitCheck, env: Record<string, string>, dir: string, limitMs: number): Promise<Run> {
  const script = waitScript(ctx, check).replaceAll('/var/run/secrets/oh-env', dir);
  const child = spawn('sh', ['-c', script], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr.on('data', (d: Buffer) => (output += d.toString()));
  const timer = setTimeout(() => child.kill('SIGKILL'), limitMs);
  const [code] = (await once(child, 'exit')) as [number | null];
  clearTimeout(timer);
  return { code, output };
}

const listen = async (server: Server | ReturnType<typeof createHttpServer>): Promise<number> => {
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return (server.address() as AddressInfo).port;
};

test('tcp: waits while the port is closed, passes once something listens', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'oh-env-wait-'));
  const server = createTcpServer((s) => s.end());
  try {
    const port = await listen(server);
    const ok = await run({ kind: 'tcp', host: '127.0.0.1', port }, {}, dir, 15_000);
    assert.equal(ok.code, 0, ok.output);
    assert.match(ok.output, new RegExp(`127.0.0.1:${port}: ok`));
    server.close();
    await once(server, 'close');
    const closed = await run({ kind: 'tcp', host: '127.0.0.1', port }, {}, dir, 3_000);
    assert.equal(closed.code, null, 'still waiting when killed');
    assert.match(closed.output, /waiting for 127\.0\.0\.1/);
  } finally {
    server.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('http: waits until the readiness endpoint answers 2xx', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'oh-env-wait-'));
  let calls = 0;
  const server = createHttpServer((req, res) => {
    calls += 1;
    res.statusCode = req.url === '/ready' && calls >= 2 ? 200 : 503;
    res.end();
  });
  try {
    const port = await listen(server);
    const r = await run({ kind: 'http', host: '127.0.0.1', port, path: '/ready' }, {}, dir, 20_000);
    assert.equal(r.code, 0, r.output);
    assert.ok(calls >= 2, 'retried after a 503');
    assert.match(r.output, /waiting for http:\/\/127\.0\.0\.1/);
  } finally {
    server.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('job and deployment: polls the API with the projected token until done; a failed job fails', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'oh-env-wait-'));
  try {
    const { keyFile: keyPath, certFile: certPath } = throwawayCertificate(dir, '/CN=127.0.0.1');
    mkdirSync(join(dir, 'token-dir'));
    writeFileSync(join(dir, 'token-dir', 'token'), 'test-token\n');
    const seen: string[] = [];
    let polls = 0;
    const state = { job: 'complete' as 'complete' | 'failed' };
    const handler = (req: IncomingMessage, res: ServerResponse) => {
      seen.push(`${req.headers.authorization} ${req.url}`);
      polls += 1;
      res.setHeader('content-type', 'application/json');
      if (req.url === '/apis/batch/v1/namespaces/ns/jobs/migrate') {
        const cond = polls < 3 ? [] : [{ type: state.job === 'complete' ? 'Complete' : 'Failed', status: 'True' }];
        // Pretty-printed on purpose: the script must not depend on the API's whitespace.
        res.end(JSON.stringify({ kind: 'Job', status: { conditions: cond } }, null, 2));
      } else if (req.url === '/apis/apps/v1/namespaces/ns/deployments/worker') {
        res.end(
          JSON.stringify({
            kind: 'Deployment',
            status: polls < 3 ? { replicas: 1 } : { replicas: 1, readyReplicas: 1 },
          }),
        );
      } else {
        res.statusCode = 404;
        res.end('{}');
      }
    };
    const server = createHttpsServer({ key: readFileSync(keyPath), cert: readFileSync(certPath) }, handler);
    try {
      const port = await listen(server);
      const api = { KUBERNETES_SERVICE_HOST: '127.0.0.1', KUBERNETES_SERVICE_PORT: String(port) };
      const tokenDir = join(dir, 'token-dir');
      const done = await run({ kind: 'job', name: 'migrate' }, api, tokenDir, 30_000);
      assert.equal(done.code, 0, done.output);
      assert.match(done.output, /job migrate to complete: ok/);
      assert.ok(
        seen.every((s) => s.startsWith('Bearer test-token ')),
        seen.join('\n'),
      );
      polls = 0;
      state.job = 'failed';
      const failed = await run({ kind: 'job', name: 'migrate' }, api, tokenDir, 30_000);
      assert.equal(failed.code, 1, failed.output);
      assert.match(failed.output, /failed/);
      polls = 0;
      const ready = await run({ kind: 'deployment', name: 'worker' }, api, tokenDir, 30_000);
      assert.equal(ready.code, 0, ready.output);
    } finally {
      server.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

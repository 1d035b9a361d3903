// Connecting fails early and clearly, before anything is applied: a missing kubeconfig, a context it does not
// have, an API server that does not answer (a closed port on loopback: the real client, no cluster needed).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connectKube, labelSelector, refOf } from './index.js';

type Coded = Error & { code?: string; hint?: string };

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

const kubeconfig = (server: string) => `apiVersion: v1
kind: Config
clusters: [{ name: lab, cluster: { server: "${server}" } }]
users: [{ name: me, user: { token: t } }]
contexts: [{ name: lab, context: { cluster: lab, user: me } }]
current-context: lab
`;

test('connect: a kubeconfig that is not there, a context it lacks, a server that does not answer', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'oh-env-kube-'));
  try {
    await assert.rejects(connectKube({ kubeconfig: join(dir, 'missing') }), (e: Coded) => {
      assert.equal(e.code, 'E_CLUSTER_UNREACHABLE');
      assert.match(e.message, /cannot read .*missing/);
      return true;
    });
    const file = join(dir, 'config');
    writeFileSync(file, kubeconfig(`https://127.0.0.1:${await closedPort()}`));
    await assert.rejects(connectKube({ kubeconfig: file, context: 'prod' }), (e: Coded) => {
      assert.match(e.message, /no context "prod"/);
      assert.equal(e.hint, 'use one of: lab');
      return true;
    });
    await assert.rejects(connectKube({ kubeconfig: file }), (e: Coded) => {
      assert.equal(e.code, 'E_CLUSTER_UNREACHABLE');
      assert.match(e.message, /^the API server https:\/\/127\.0\.0\.1:\d+ \(context "lab"\) does not answer$/);
      return true;
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('selectors and references are written the way kubectl shows them', () => {
  assert.equal(
    labelSelector({ 'app.kubernetes.io/managed-by': 'oh-env', 'x/y': 'z' }),
    'app.kubernetes.io/managed-by=oh-env,x/y=z',
  );
  assert.equal(refOf({ kind: 'ConfigMap', metadata: { name: 'a', namespace: 'ns' } }), 'ConfigMap/ns/a');
  assert.equal(refOf({ kind: 'Namespace', metadata: { name: 'ns' } }), 'Namespace/ns');
});

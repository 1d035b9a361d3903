// Smoke: the lab's control plane has Ready fake nodes, a Deployment applied with the lab's kubectl becomes
// Available, `kubectl apply --dry-run=server` rejects an invalid manifest, and kubeconform with the offline
// schemas rejects a known-bad manifest and accepts a good one. Each test works in its own namespace.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { LAB_HINT, uniqueName } from './helpers.js';
import { KUBE_VERSION, labBin, labPaths } from '../lab/index.js';

const kubectl = (args: string[], input?: string) =>
  execa(labBin('kubectl'), ['--kubeconfig', labPaths().kubeconfig, ...args], { reject: false, all: true, input });

test('the control plane shows at least two Ready fake nodes', async () => {
  assert.ok(existsSync(labPaths().kubeconfig), `no kubeconfig at ${labPaths().kubeconfig}: ${LAB_HINT}`);
  const k8s = await import('@kubernetes/client-node');
  const kc = new k8s.KubeConfig();
  kc.loadFromFile(labPaths().kubeconfig);
  const core = kc.makeApiClient(k8s.CoreV1Api);
  const nodes = await core.listNode();
  const ready = nodes.items.filter(
    (n) =>
      n.metadata?.annotations?.['kwok.x-k8s.io/node'] === 'fake' &&
      n.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True'),
  );
  assert.ok(ready.length >= 2, `Ready fake nodes: ${ready.map((n) => n.metadata?.name).join(', ')}`);
  const version = await kc.makeApiClient(k8s.VersionApi).getCode();
  assert.equal(version.gitVersion, `v${KUBE_VERSION}`);
});

test('a Deployment applied with the lab kubectl becomes Available', async () => {
  const ns = uniqueName('smoke');
  assert.equal((await kubectl(['create', 'namespace', ns])).exitCode, 0);
  try {
    const manifest = `apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: ${ns}}
spec:
  replicas: 2
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers: [{name: web, image: oh-env-lab/debian:bookworm, command: [sleep, infinity]}]
`;
    const apply = await kubectl(['apply', '-f', '-'], manifest);
    assert.equal(apply.exitCode, 0, apply.all);
    const wait = await kubectl(['-n', ns, 'wait', '--for=condition=Available', 'deployment/web', '--timeout=120s']);
    assert.equal(wait.exitCode, 0, wait.all);
    const ready = await kubectl(['-n', ns, 'get', 'deployment/web', '-o', 'jsonpath={.status.readyReplicas}']);
    assert.equal(ready.stdout, '2');
  } finally {
    await kubectl(['delete', 'namespace', ns, '--wait=false']);
  }
});

test('kubectl apply --dry-run=server rejects an invalid manifest', async () => {
  const bad = `apiVersion: apps/v1
kind: Deployment
metadata: {name: bad, namespace: default}
spec:
  replicas: "two"
  selector: {matchLabels: {app: bad}}
  template:
    metadata: {labels: {app: bad}}
    spec: {containers: [{name: c, image: x}]}
`;
  const r = await kubectl(['apply', '--dry-run=server', '-f', '-'], bad);
  assert.notEqual(r.exitCode, 0);
  assert.match(r.all, /replicas/);
  const unknownField = bad.replace('replicas: "two"', 'replicas: 1\n  replicaz: 1');
  const strict = await kubectl(['apply', '--dry-run=server', '--validate=strict', '-f', '-'], unknownField);
  assert.notEqual(strict.exitCode, 0);
  assert.match(strict.all, /unknown field "spec.replicaz"/);
});

test('kubeconform rejects a known-bad manifest and accepts a good one (offline schemas)', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'oh-env-lab-kubeconform-'));
  try {
    const good = `apiVersion: v1
kind: Service
metadata: {name: web}
spec:
  selector: {app: web}
  ports: [{name: http, port: 80, targetPort: 8080}]
`;
    const files = {
      good: join(dir, 'good.yaml'),
      bad: join(dir, 'bad.yaml'),
      unknown: join(dir, 'unknown.yaml'),
    };
    writeFileSync(files.good, good);
    writeFileSync(files.bad, good.replace('port: 80', 'port: "eighty"').replace('selector:', 'selectr:'));
    writeFileSync(files.unknown, 'apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: w}\n');
    const p = labPaths();
    const kubeconform = (file: string) =>
      execa(
        labBin('kubeconform'),
        [
          '-strict',
          '-summary',
          '-kubernetes-version',
          p.schemaKubernetesVersion,
          '-schema-location',
          p.schemaLocation,
          file,
        ],
        { reject: false, all: true },
      );
    const ok = await kubeconform(files.good);
    assert.equal(ok.exitCode, 0, ok.all);
    assert.match(ok.all, /Valid: 1, Invalid: 0, Errors: 0, Skipped: 0/);
    const bad = await kubeconform(files.bad);
    assert.equal(bad.exitCode, 1, bad.all);
    assert.match(bad.all, /selectr/);
    assert.match(bad.all, /Invalid: 1/);
    // A kind without a schema is an error, never silently skipped.
    const unknown = await kubeconform(files.unknown);
    assert.equal(unknown.exitCode, 1, unknown.all);
    assert.match(unknown.all, /could not find schema for Widget/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

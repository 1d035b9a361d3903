// A real kind cluster from the lab's offline node image: `kind create cluster --image oh-env-lab/kind-node:…`,
// the node and all of kube-system Ready (etcd, control plane, kube-proxy, CoreDNS from the lab's builds), then
// `kind load docker-image` of a lab image and a pod of it Running and Ready. The kind set is not part of
// `lab up --for e2e` yet, so without the node image this test skips (also under npm test) and says how to
// build it. It creates one cluster with its own name and deletes that one only.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { KIND_NODE_IMAGE, KUBE_VERSION } from '../lab/index.js';
import { labCluster, present, seconds } from './kind-lab-cluster.js';

const SMOKE_IMAGE = 'oh-env-lab/smoke-app:local';

test('kind: a cluster from the lab node image runs a pod of a loaded lab image', async (t) => {
  if (!(await present(KIND_NODE_IMAGE)) || !(await present(SMOKE_IMAGE))) {
    t.skip(`${KIND_NODE_IMAGE} or ${SMOKE_IMAGE} is not built: run \`npm run lab -- up --for kind\``);
    return;
  }
  const cluster = await labCluster({ prefix: 'oh-env-lab-kind' });
  const { kind, kubectl, name } = cluster;
  t.after(() => cluster.delete());

  let started = Date.now();
  await cluster.create();
  t.diagnostic(`kind create cluster (--wait 4m, node Ready): ${seconds(started)} s`);

  const node = await kubectl(['get', 'nodes', '-o', 'jsonpath={.items[0].status.nodeInfo.kubeletVersion}']);
  assert.equal(node.all, `v${KUBE_VERSION}`);
  started = Date.now();
  const system = await kubectl([
    '-n',
    'kube-system',
    'wait',
    '--for=condition=Ready',
    'pod',
    '--all',
    '--timeout=180s',
  ]);
  assert.equal(system.exitCode, 0, `${system.all}\n${(await kubectl(['-n', 'kube-system', 'get', 'pods'])).all}`);
  t.diagnostic(`kube-system pods Ready: ${seconds(started)} s later`);

  started = Date.now();
  const load = await kind(['load', 'docker-image', SMOKE_IMAGE, '--name', name]);
  assert.equal(load.exitCode, 0, load.all);
  t.diagnostic(`kind load docker-image ${SMOKE_IMAGE}: ${seconds(started)} s`);

  const pod = `apiVersion: v1
kind: Pod
metadata: {name: smoke, namespace: default}
spec:
  containers:
  - name: smoke
    image: ${SMOKE_IMAGE}
    imagePullPolicy: Never
    readinessProbe: {exec: {command: [test, -f, /tmp/ready]}, periodSeconds: 1}
`;
  started = Date.now();
  const apply = await kubectl(['apply', '-f', '-'], pod);
  assert.equal(apply.exitCode, 0, apply.all);
  const ready = await kubectl(['wait', '--for=condition=Ready', 'pod/smoke', '--timeout=120s']);
  assert.equal(ready.exitCode, 0, `${ready.all}\n${(await kubectl(['describe', 'pod', 'smoke'])).all}`);
  const phase = await kubectl(['get', 'pod', 'smoke', '-o', 'jsonpath={.status.phase}']);
  assert.equal(phase.all, 'Running');
  const logs = await kubectl(['logs', 'smoke']);
  assert.match(logs.all ?? '', /^ready$/m);
  t.diagnostic(`pod of the loaded image Ready: ${seconds(started)} s`);
});

// The lab's TEST ingress controller (e2e/lab/test-ingress, the stand-in for ingress-nginx under the lab) and the
// demo's wait image on a real kind cluster from the lab's node image: the manifest OH_ENV_KIND_INGRESS_MANIFEST
// names applied as `oh-env up kind` applies it, an Ingress (host + Prefix and Exact paths) answered from the
// pods through kind's extraPortMappings on a free 127.0.0.1 port, 404 for an unknown host or path, the Ingress
// status given an address; then two init containers copied from the demo's kind render (a TCP wait and the
// API poll of a Job) run in the wait image. Skips without the kind set; creates and deletes its own cluster.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { parseAllDocuments, stringify } from 'yaml';
import {
  DEMO_APP_IMAGE,
  KIND_NODE_IMAGE,
  KUBE_WAIT_IMAGE,
  labEnv,
  TEST_INGRESS_NAME,
  TEST_INGRESS_NAMESPACE,
} from '../lab/index.js';
import { freePort } from '../../src/drivers/net.js';
import { imagePresent as present, seconds, tempCluster } from './temp-cluster.js';

const HOST = 'hello.oh-env-lab.test';
const NS = 'oh-env-demo'; // the namespace of the demo's render, which its wait scripts name
const GOLDEN = new URL('../../fixtures/golden/demo/kind/manifests.yaml', import.meta.url);

// Two pods behind a Service: python's http.server from the demo app image, serving a page naming the pod.
const app = `apiVersion: apps/v1
kind: Deployment
metadata: {name: hello, namespace: ${NS}}
spec:
  replicas: 2
  selector: {matchLabels: {app: hello}}
  template:
    metadata: {labels: {app: hello}}
    spec:
      containers:
      - name: hello
        image: ${DEMO_APP_IMAGE}
        imagePullPolicy: IfNotPresent
        command: [sh, -c, 'mkdir -p /tmp/www/app && echo "hello from $(hostname)" > /tmp/www/app/index.html && echo ok > /tmp/www/exact && cd /tmp/www && exec python3 -m http.server 8080']
        readinessProbe: {tcpSocket: {port: 8080}, periodSeconds: 1}
---
apiVersion: v1
kind: Service
metadata: {name: hello, namespace: ${NS}}
spec:
  selector: {app: hello}
  ports: [{name: http, port: 80, targetPort: 8080}]
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: hello, namespace: ${NS}}
spec:
  ingressClassName: nginx
  rules:
  - host: ${HOST}
    http:
      paths:
      - {path: /app, pathType: Prefix, backend: {service: {name: hello, port: {name: http}}}}
      - {path: /exact, pathType: Exact, backend: {service: {name: hello, port: {number: 80}}}}
`;

async function get(port: number, host: string, path: string): Promise<{ status: number; body: string }> {
  // fetch() forbids setting Host; a raw request through node:http does not.
  const { request } = await import('node:http');
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, headers: { Host: host }, timeout: 5000 }, (res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', reject);
    req.end();
  });
}

/** The demo render's app Deployment, whose init containers wait for postgres (TCP) and the migrate Job (API). */
function demoAppPodSpec(): Record<string, unknown> & { initContainers: Record<string, unknown>[] } {
  for (const doc of parseAllDocuments(readFileSync(GOLDEN, 'utf8'))) {
    const o = doc.toJS() as { kind?: string; metadata?: { name?: string }; spec?: { template?: { spec?: unknown } } };
    if (o.kind === 'Deployment' && o.metadata?.name === 'app')
      return o.spec?.template?.spec as Record<string, unknown> & { initContainers: Record<string, unknown>[] };
  }
  throw new Error('no app Deployment in the demo kind golden');
}

test('kind: the lab test ingress controller routes host + path, and the demo wait image runs its waits', async (t) => {
  const manifest = labEnv().OH_ENV_KIND_INGRESS_MANIFEST ?? '';
  if (!(await present(KIND_NODE_IMAGE)) || !(await present(DEMO_APP_IMAGE)) || !existsSync(manifest)) {
    t.skip(`${KIND_NODE_IMAGE}, ${DEMO_APP_IMAGE} or ${manifest} is missing: run \`npm run lab -- up --for kind\``);
    return;
  }
  const port = await freePort();
  let started = Date.now();
  const cluster = await tempCluster(t, 'oh-env-lab-ingress', {
    labels: { 'ingress-ready': 'true' },
    portMappings: [{ containerPort: 80, hostPort: port }],
  });
  t.diagnostic(`kind create cluster (node Ready): ${seconds(started)} s`);
  const { kubectl } = cluster;
  const must = async (args: string[], input?: string) => {
    const r = await kubectl(args, input);
    assert.equal(r.exitCode, 0, `kubectl ${args.join(' ')}: ${r.all}`);
    return r.all;
  };

  started = Date.now();
  await must(['apply', '--server-side', '--field-manager', 'oh-env', '-f', manifest]);
  const ready = await kubectl([
    '-n',
    TEST_INGRESS_NAMESPACE,
    'rollout',
    'status',
    `deploy/${TEST_INGRESS_NAME}`,
    '--timeout=180s',
  ]);
  assert.equal(
    ready.exitCode,
    0,
    `${ready.all}\n${(await kubectl(['-n', TEST_INGRESS_NAMESPACE, 'describe', 'pods'])).all}`,
  );
  t.diagnostic(`controller Ready (its image pre-imported, nothing loaded): ${seconds(started)} s after apply`);

  // Nothing routes yet: the controller itself answers 404 on the mapped port.
  assert.equal((await get(port, HOST, '/app/')).status, 404);

  started = Date.now();
  await must(['create', 'namespace', NS]);
  const load = await cluster.kind(['load', 'docker-image', DEMO_APP_IMAGE, '--name', cluster.name]);
  assert.equal(load.exitCode, 0, load.all);
  await must(['apply', '--server-side', '-f', '-'], app);
  await must(['-n', NS, 'rollout', 'status', 'deploy/hello', '--timeout=180s']);
  let first: { status: number; body: string } = { status: 0, body: '' };
  for (const deadline = Date.now() + 30_000; Date.now() < deadline; await new Promise((r) => setTimeout(r, 200))) {
    first = await get(port, HOST, '/app/');
    if (first.status === 200) break;
  }
  assert.equal(first.status, 200, first.body);
  assert.match(first.body, /^hello from hello-/);
  t.diagnostic(`first 200 through the Ingress: ${seconds(started)} s after kind load + apply of the app`);

  // Prefix matches by path element; Exact only the path itself; unknown hosts and paths are 404.
  assert.equal((await get(port, HOST, '/app')).status, 301, 'http.server redirects /app to /app/ (proxied)');
  assert.equal((await get(port, HOST, '/exact')).body.trim(), 'ok');
  assert.equal((await get(port, HOST, '/exact/more')).status, 404);
  assert.equal((await get(port, HOST, '/application/')).status, 404);
  assert.equal((await get(port, HOST, '/')).status, 404);
  assert.equal((await get(port, 'unknown.oh-env-lab.test', '/app/')).status, 404);
  const bodies = new Set<string>();
  for (let i = 0; i < 12; i++) bodies.add((await get(port, HOST, '/app/')).body);
  assert.equal(bodies.size, 2, `kube-proxy balances over both pods: ${[...bodies].join(', ')}`);

  const address = await must([
    '-n',
    NS,
    'wait',
    'ingress/hello',
    '--for=jsonpath={.status.loadBalancer.ingress[0].ip}',
    '--timeout=30s',
  ]);
  const ip = await must(['-n', NS, 'get', 'ingress/hello', '-o', 'jsonpath={.status.loadBalancer.ingress[0].ip}']);
  const nodeIp = await must(['get', 'nodes', '-o', 'jsonpath={.items[0].status.addresses[0].address}']);
  assert.equal(ip, nodeIp, address);

  // The demo's rendered waits in the wait image: postgres:5432 (TCP; the image has no nc, so bash's /dev/tcp)
  // and the migrate Job polled through the API with the projected token (wget --header --no-check-certificate).
  started = Date.now();
  const spec = demoAppPodSpec();
  const inits = spec.initContainers.filter((c) => c.name === 'wait-postgres' || c.name === 'wait-migrate');
  assert.equal(inits.length, 2);
  for (const c of inits) assert.equal(c.image, KUBE_WAIT_IMAGE);
  const objects = [
    {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'postgres', namespace: NS },
      spec: { selector: { app: 'hello' }, ports: [{ port: 5432, targetPort: 8080 }] },
    },
    { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'waiter', namespace: NS } },
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'Role',
      metadata: { name: 'waiter', namespace: NS },
      rules: [{ apiGroups: ['batch'], resources: ['jobs'], verbs: ['get'], resourceNames: ['migrate'] }],
    },
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'RoleBinding',
      metadata: { name: 'waiter', namespace: NS },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'waiter' },
      subjects: [{ kind: 'ServiceAccount', name: 'waiter', namespace: NS }],
    },
    {
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: { name: 'migrate', namespace: NS },
      spec: {
        template: {
          spec: {
            restartPolicy: 'Never',
            containers: [
              {
                name: 'migrate',
                image: KUBE_WAIT_IMAGE,
                imagePullPolicy: 'IfNotPresent',
                command: ['sh', '-c', 'sleep 8'],
              },
            ],
          },
        },
      },
    },
    {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'waits', namespace: NS },
      spec: {
        securityContext: spec.securityContext,
        automountServiceAccountToken: false,
        serviceAccountName: 'waiter',
        volumes: spec.volumes,
        initContainers: inits,
        containers: [
          { name: 'main', image: KUBE_WAIT_IMAGE, imagePullPolicy: 'IfNotPresent', command: ['sleep', '3600'] },
        ],
      },
    },
  ];
  await must(['apply', '--server-side', '-f', '-'], objects.map((o) => stringify(o)).join('---\n'));
  const waited = await kubectl(['-n', NS, 'wait', '--for=condition=Ready', 'pod/waits', '--timeout=120s']);
  const logs = async (c: string) => (await kubectl(['-n', NS, 'logs', 'pod/waits', '-c', c])).all;
  assert.equal(waited.exitCode, 0, `${waited.all}\n${(await kubectl(['-n', NS, 'describe', 'pod/waits'])).all}`);
  assert.match(await logs('wait-postgres'), /^postgres:5432: ok$/m);
  const migrate = await logs('wait-migrate');
  assert.match(migrate, /^waiting for job migrate to complete$/m, 'it polled while the Job ran');
  assert.match(migrate, /^job migrate to complete: ok$/m);
  t.diagnostic(`rendered waits (TCP + Job via the API) done in the wait image: ${seconds(started)} s`);
});

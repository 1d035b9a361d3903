import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parse, parseAllDocuments } from 'yaml';
import { diskReader, type FileReader } from '../../drivers/files.js';
import { loadModel } from '../../model/load.js';
import { renderKind } from './index.js';
import { KUBERNETES_RUNTIME_RULES } from '../kube/rbac.js';

const root = new URL('../../../', import.meta.url).pathname;
type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

function renderFile(file: string) {
  const loaded = loadModel({ cwd: root, file, target: 'kind' }, diskReader);
  return renderKind({ env: loaded.env, sources: [file] });
}
function objects(file: string): Obj[] {
  const manifests = renderFile(file).files.find((f) => f.path === 'manifests.yaml');
  assert.ok(manifests);
  return parseAllDocuments(manifests.content).map((d) => d.toJS() as Obj);
}
const find = (objs: Obj[], kind: string, name: string): Obj => {
  const o = objs.find((x) => x.kind === kind && x.metadata.name === name);
  assert.ok(o, `${kind}/${name} is rendered`);
  return o;
};
const MODELS = ['envs/openhands.yaml', 'fixtures/valid-minimal.yaml', 'fixtures/valid-large.yaml'];

test('kind cluster: name, ingress-ready control plane, 80/443 mapped on loopback', () => {
  const large = parse(
    renderFile('fixtures/valid-large.yaml').files.find((f) => f.path === 'kind-cluster.yaml')!.content,
  );
  assert.equal(large.apiVersion, 'kind.x-k8s.io/v1alpha4');
  assert.equal(large.kind, 'Cluster');
  assert.equal(large.name, 'platform');
  assert.equal(large.nodes.length, 1);
  const node = large.nodes[0];
  assert.equal(node.role, 'control-plane');
  assert.deepEqual(node.labels, { 'ingress-ready': 'true', 'dev.oh-env.env': 'platform' });
  assert.deepEqual(
    node.extraPortMappings.map((m: Obj) => [m.containerPort, m.hostPort, m.listenAddress]),
    [
      [80, 8080, '127.0.0.1'],
      [443, 8443, '127.0.0.1'],
    ],
  );
  const oh = parse(renderFile('envs/openhands.yaml').files[0]!.content);
  assert.equal(oh.name, 'openhands', 'defaults to metadata.name');
});

test('the app gets exactly the RBAC the KubernetesRuntime needs, in its own namespace', () => {
  const objs = objects('envs/openhands.yaml');
  const role = find(objs, 'Role', 'app-sandboxes');
  assert.equal(role.metadata.namespace, 'openhands');
  const verbs = Object.fromEntries(role.rules.map((r: Obj) => [`${r.apiGroups[0]}/${r.resources[0]}`, r.verbs]));
  assert.deepEqual(verbs, {
    '/pods': ['get', 'list', 'watch', 'create', 'delete'],
    '/pods/log': ['get'],
    '/services': ['get', 'create', 'delete'],
    '/persistentvolumeclaims': ['get', 'create', 'delete'],
    'networking.k8s.io/ingresses': ['get', 'create', 'delete'],
  });
  assert.equal(role.rules.length, KUBERNETES_RUNTIME_RULES.length);
  const binding = find(objs, 'RoleBinding', 'app-sandboxes');
  assert.deepEqual(binding.subjects, [{ kind: 'ServiceAccount', name: 'app', namespace: 'openhands' }]);
  assert.equal(binding.roleRef.name, 'app-sandboxes');
  assert.ok(!objs.some((o) => o.kind === 'ClusterRole' || o.kind === 'ClusterRoleBinding'), 'nothing cluster-wide');
  // Only the runtime service gets an API token in its containers.
  for (const sa of objs.filter((o) => o.kind === 'ServiceAccount'))
    assert.equal(sa.automountServiceAccountToken, sa.metadata.name === 'app', sa.metadata.name);
  assert.equal(find(objs, 'ServiceAccount', 'default').automountServiceAccountToken, false, 'sandboxes get no token');
  const deploy = find(objs, 'Deployment', 'app');
  assert.equal(deploy.spec.template.spec.automountServiceAccountToken, true);
  assert.equal(find(objs, 'Job', 'migrate').spec.template.spec.automountServiceAccountToken, false);
});

test('one init container per dependency, in local start order, each checking the right thing', () => {
  const objs = objects('envs/openhands.yaml');
  const init = find(objs, 'Deployment', 'app').spec.template.spec.initContainers as Obj[];
  assert.deepEqual(
    init.map((c) => c.name),
    ['wait-files', 'wait-postgres', 'wait-redis', 'wait-migrate'],
  );
  for (const c of init) assert.equal(c.image, 'busybox:1.37.0');
  const script = (name: string) => init.find((c) => c.name === name)!.command[2] as string;
  assert.match(script('wait-postgres'), /nc -z -w 2 postgres 5432/);
  assert.match(script('wait-redis'), /nc -z -w 2 redis 6379/);
  assert.match(script('wait-files'), /nc -z -w 2 files 4443/);
  assert.match(script('wait-migrate'), /\/apis\/batch\/v1\/namespaces\/openhands\/jobs\/migrate/);
  assert.match(script('wait-migrate'), /"type":"Complete","status":"True"/);
  assert.match(script('wait-migrate'), /"type":"Failed","status":"True"'\*\) .*exit 1/);
  // The projected token is mounted into the job wait only, never into the app container.
  assert.deepEqual(
    init.filter((c) => c.volumeMounts).map((c) => c.name),
    ['wait-migrate'],
  );
  const app = find(objs, 'Deployment', 'app').spec.template.spec.containers[0];
  assert.ok(!(app.volumeMounts as Obj[]).some((m) => m.name === 'oh-env-api-token'));
  const waitRole = find(objs, 'Role', 'app-wait');
  assert.deepEqual(waitRole.rules, [
    { apiGroups: ['batch'], resources: ['jobs'], verbs: ['get'], resourceNames: ['migrate'] },
  ]);
  // The migrations job waits for its database only.
  const jobInit = find(objs, 'Job', 'migrate').spec.template.spec.initContainers as Obj[];
  assert.deepEqual(
    jobInit.map((c) => c.name),
    ['wait-postgres'],
  );
});

test('healthy services are waited on through their readiness endpoint; jobs chain', () => {
  const objs = objects('fixtures/valid-large.yaml');
  const worker = find(objs, 'Deployment', 'worker').spec.template.spec.initContainers as Obj[];
  assert.deepEqual(
    worker.map((c) => c.name),
    ['wait-cache', 'wait-db', 'wait-api'],
  );
  assert.match(worker[2]!.command[2], /timeout 5 wget -q -O \/dev\/null http:\/\/api:3000\/ready/);
  const api = find(objs, 'Deployment', 'api').spec.template.spec.initContainers as Obj[];
  assert.deepEqual(
    api.map((c) => c.name),
    ['wait-cache', 'wait-db', 'wait-files', 'wait-migrate', 'wait-seed'],
  );
  assert.deepEqual(find(objs, 'Role', 'api-wait').rules[0].resourceNames, ['migrate', 'seed']);
  const seed = find(objs, 'Job', 'seed').spec.template.spec.initContainers as Obj[];
  assert.deepEqual(
    seed.map((c) => c.name),
    ['wait-db', 'wait-files', 'wait-migrate'],
  );
});

test('jobs: backoffLimit, deadline from the timeout, never restarted, kept after they finish', () => {
  const objs = objects('fixtures/valid-large.yaml');
  const seed = find(objs, 'Job', 'seed');
  assert.equal(seed.apiVersion, 'batch/v1');
  assert.equal(seed.spec.backoffLimit, 2);
  assert.equal(seed.spec.activeDeadlineSeconds, 300);
  assert.equal(seed.spec.template.spec.restartPolicy, 'Never');
  assert.equal(seed.spec.ttlSecondsAfterFinished, undefined);
  assert.equal(find(objs, 'Job', 'migrate').spec.activeDeadlineSeconds, 600);
});

test('no secret is rendered: secrets are references into the Secret created at apply time', () => {
  for (const model of MODELS) {
    const result = renderFile(model);
    const objs = objects(model);
    assert.ok(!objs.some((o) => o.kind === 'Secret'), `${model}: no Secret object`);
    for (const o of objs.filter((x) => x.kind === 'ConfigMap'))
      for (const k of Object.keys(o.data ?? {}))
        assert.doesNotMatch(k, /PASS|SECRET|KEY$/, `${model}: ${k} in a ConfigMap`);
    const manifests = result.files.find((f) => f.path === 'manifests.yaml')!.content;
    assert.doesNotMatch(manifests, /stringData|^data:\s*\n\s+[a-z-]+: [A-Za-z0-9+/]{20,}/m);
  }
  const objs = objects('fixtures/valid-large.yaml');
  const env = find(objs, 'Deployment', 'api').spec.template.spec.containers[0].env as Obj[];
  const byName = Object.fromEntries(env.map((e) => [e.name, e.valueFrom.secretKeyRef]));
  assert.deepEqual(byName.JWT_SECRET, { name: 'platform-secrets', key: 'jwt-secret' });
  assert.deepEqual(byName.DB_PASS, { name: 'platform-secrets', key: 'db-password' });
  assert.deepEqual(byName.LLM_API_KEY, { name: 'platform-secrets', key: 'llm-api-key', optional: true });
  const pg = find(objs, 'StatefulSet', 'db').spec.template.spec.containers[0].env as Obj[];
  assert.deepEqual(pg.find((e) => e.name === 'POSTGRES_PASSWORD')!.valueFrom.secretKeyRef, {
    name: 'platform-secrets',
    key: 'db-password',
  });
  assert.match(
    renderFile('fixtures/valid-large.yaml').files[1]!.content,
    /Secret platform-secrets: one key per model secret/,
  );
});

test('every object is labelled, namespaced and named as DNS-1123 (<= 63 chars)', () => {
  for (const model of MODELS)
    for (const o of objects(model)) {
      const l = o.metadata.labels;
      assert.ok(l['app.kubernetes.io/name'] && l['app.kubernetes.io/part-of'], `${o.kind}/${o.metadata.name}`);
      assert.equal(l['app.kubernetes.io/managed-by'], 'oh-env');
      assert.match(l['dev.oh-env.kind'], /^(environment|service|job|backend|sandbox)$/);
      assert.match(o.metadata.name, /^[a-z]([-a-z0-9]*[a-z0-9])?$/);
      assert.ok(o.metadata.name.length <= 63);
      if (o.kind !== 'Namespace') assert.ok(o.metadata.namespace, `${o.kind}/${o.metadata.name} has a namespace`);
    }
});

test('long names stay within 63 chars and unique', () => {
  const long = 'a'.repeat(39) + 'b';
  const text = `apiVersion: oh-env.dev/v1alpha1
kind: Environment
metadata: { name: ${long} }
services:
  ${long}:
    image: nginx:1.27.3
    ports: [{ name: http, port: 80 }]
    volumes: [{ name: ${'v'.repeat(40)}, path: /data }]
    dependsOn: { ${long.replace(/b$/, 'c')}: started }
  ${long.replace(/b$/, 'c')}:
    image: nginx:1.27.3
    ports: [{ name: http, port: 80 }]
`;
  const fs: FileReader = { exists: (p) => p.endsWith('long.yaml'), read: () => text } as FileReader;
  const loaded = loadModel({ cwd: root, file: 'long.yaml', target: 'kind' }, fs);
  const result = renderKind({ env: loaded.env, sources: ['long.yaml'] });
  const objs = parseAllDocuments(result.files[1]!.content).map((d) => d.toJS() as Obj);
  const names = objs.map((o) => `${o.kind}/${o.metadata.name}`);
  assert.equal(new Set(names).size, names.length, 'unique');
  for (const o of objs) assert.ok(o.metadata.name.length <= 63, o.metadata.name);
  for (const o of objs.filter((x) => x.spec?.template))
    for (const c of [...o.spec.template.spec.containers, ...(o.spec.template.spec.initContainers ?? [])])
      assert.ok(c.name.length <= 63, c.name);
});

test('a second render is byte-identical', () => {
  for (const model of MODELS) assert.deepEqual(renderFile(model), renderFile(model));
});

test('backends run as the emulators local runs, behind Services named like the backend', () => {
  const objs = objects('envs/openhands.yaml');
  const pg = find(objs, 'StatefulSet', 'postgres');
  const c = pg.spec.template.spec.containers[0];
  assert.equal(c.image, 'postgres:15');
  assert.deepEqual(c.readinessProbe.exec.command.slice(0, 1), ['pg_isready']);
  assert.equal(pg.spec.volumeClaimTemplates[0].spec.resources.requests.storage, '10Gi');
  assert.equal(pg.spec.serviceName, 'postgres');
  assert.equal(find(objs, 'Service', 'postgres').spec.ports[0].port, 5432);
  assert.equal(find(objs, 'Deployment', 'redis').spec.template.spec.containers[0].image, 'redis:7');
  assert.equal(find(objs, 'Service', 'redis').spec.ports[0].port, 6379);
  const gcs = find(objs, 'Deployment', 'files').spec.template.spec.containers[0];
  assert.equal(gcs.image, 'fsouza/fake-gcs-server:1.55.1');
  assert.match(
    gcs.command[2],
    /^mkdir -p \/seed\/openhands-files && exec fake-gcs-server -data \/seed -backend filesystem -filesystem-root \/storage /,
  );
  assert.equal(find(objs, 'Service', 'files').spec.ports[0].port, 4443);
  assert.ok(find(objs, 'PersistentVolumeClaim', 'files-data'));
  // The app sees the same contract as on local.
  const cm = find(objs, 'ConfigMap', 'app-env').data;
  assert.equal(cm.DB_HOST, 'postgres');
  assert.equal(cm.REDIS_HOST, 'redis');
  assert.equal(cm.STORAGE_EMULATOR_HOST, 'http://files:4443');
});

test('services: replicas, RWO claims with Recreate, ClusterIP with named ports, probes, ingress', () => {
  const objs = objects('fixtures/valid-large.yaml');
  assert.equal(find(objs, 'Deployment', 'api').spec.replicas, 2, 'autoscaling.min on kind');
  assert.equal(find(objs, 'Deployment', 'worker').spec.replicas, 2);
  const docs = find(objs, 'Deployment', 'docs');
  assert.equal(docs.spec.strategy.type, 'Recreate');
  assert.deepEqual(docs.spec.template.spec.containers[0].volumeMounts, [
    { name: 'site', mountPath: '/usr/share/nginx/html', readOnly: true },
  ]);
  const pvc = find(objs, 'PersistentVolumeClaim', 'docs-site');
  assert.deepEqual(pvc.spec, { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } });
  const svc = find(objs, 'Service', 'api');
  assert.equal(svc.spec.type, 'ClusterIP');
  assert.deepEqual(
    svc.spec.ports.map((p: Obj) => [p.name, p.port]),
    [
      ['http', 3000],
      ['metrics', 9090],
    ],
  );
  assert.ok(!objs.some((o) => o.kind === 'Service' && o.metadata.name === 'worker'), 'no Service without ports');
  const ing = find(objs, 'Ingress', 'platform');
  assert.equal(ing.spec.ingressClassName, 'nginx');
  assert.deepEqual(ing.spec.tls, [{ hosts: ['platform.example.com'], secretName: 'platform-tls' }]);
  assert.deepEqual(
    ing.spec.rules[0].http.paths.map((p: Obj) => [p.path, p.backend.service.name, p.backend.service.port.number]),
    [
      ['/', 'api', 3000],
      ['/events', 'events', 3001],
      ['/docs', 'docs', 80],
    ],
  );
});

test('parity warnings say what kind cannot do like the other targets', () => {
  const w = renderFile('fixtures/valid-large.yaml').warnings.map((i) => i.path);
  assert.deepEqual(w.sort(), ['ingress.tls.mode', 'monitoring', 'services.api.autoscaling']);
  assert.deepEqual(renderFile('fixtures/valid-minimal.yaml').warnings, []);
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseAllDocuments } from 'yaml';
import { diskReader } from '../../drivers/files.js';
import { OhEnvError } from '../../errors.js';
import { loadModel } from '../../model/load.js';
import { renderGke } from './index.js';
import { workloadIdentityMembers } from './accounts.js';
import { runtimeServiceAccountEmail } from './gcp-names.js';

const root = new URL('../../../', import.meta.url).pathname;
type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const load = (file: string) => loadModel({ cwd: root, file, target: 'gke' }, diskReader).env;
const renderFile = (file: string) => renderGke({ env: load(file), sources: [file] });
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

test('no workload for the backends: Cloud SQL, Memorystore and GCS are managed', () => {
  for (const model of ['envs/openhands.yaml', 'fixtures/valid-large.yaml']) {
    const objs = objects(model);
    assert.ok(!objs.some((o) => o.metadata.labels['dev.oh-env.kind'] === 'backend'), model);
    assert.ok(!objs.some((o) => o.kind === 'StatefulSet'), model);
    const env = load(model);
    for (const b of Object.keys(env.backends))
      assert.ok(!objs.some((o) => o.metadata.name === b), `${model}: nothing named ${b}`);
  }
  const objs = objects('envs/openhands.yaml');
  const app = find(objs, 'Deployment', 'app').spec.template.spec;
  assert.deepEqual(
    app.initContainers.map((c: Obj) => c.name),
    ['wait-migrate'],
    'managed backends are ready before apply: only the job is waited for',
  );
  const cm = find(objs, 'ConfigMap', 'app-env').data;
  assert.equal(cm.GCP_DB_INSTANCE, 'openhands-postgres');
  assert.equal(cm.GCP_PROJECT, 'openhands-prod');
  assert.equal(cm.GCP_REGION, 'us-central1');
  assert.equal(cm.FILE_STORE_PATH, 'openhands-files');
  assert.equal(cm.DB_HOST, undefined);
  const redis = (app.containers[0].env as Obj[]).find((e) => e.name === 'REDIS_HOST');
  assert.deepEqual(redis?.valueFrom, { configMapKeyRef: { name: 'openhands-gcp-outputs', key: 'REDIS_HOST_REDIS' } });
  assert.match(renderFile('envs/openhands.yaml').files[0]!.content, /ConfigMap openhands-gcp-outputs/);
});

test('Workload Identity: the KSAs that use Cloud SQL or the bucket act as the runtime GSA', () => {
  const env = load('envs/openhands.yaml');
  assert.equal(runtimeServiceAccountEmail(env), 'openhands-runtime@openhands-prod.iam.gserviceaccount.com');
  const objs = objects('envs/openhands.yaml');
  for (const name of ['app', 'migrate'])
    assert.equal(
      find(objs, 'ServiceAccount', name).metadata.annotations['iam.gke.io/gcp-service-account'],
      'openhands-runtime@openhands-prod.iam.gserviceaccount.com',
    );
  assert.deepEqual(workloadIdentityMembers(env), [
    'serviceAccount:openhands-prod.svc.id.goog[openhands/app]',
    'serviceAccount:openhands-prod.svc.id.goog[openhands/migrate]',
  ]);
  const large = objects('fixtures/valid-large.yaml');
  assert.equal(find(large, 'ServiceAccount', 'events').metadata.annotations, undefined, 'redis only: no GCP access');
});

test('HPA (cpu/memory utilisation), no fixed replicas under it, PDB when more than one pod', () => {
  const objs = objects('envs/openhands.yaml');
  const hpa = find(objs, 'HorizontalPodAutoscaler', 'app');
  assert.equal(hpa.apiVersion, 'autoscaling/v2');
  assert.deepEqual(hpa.spec.scaleTargetRef, { apiVersion: 'apps/v1', kind: 'Deployment', name: 'app' });
  assert.equal(hpa.spec.minReplicas, 2);
  assert.equal(hpa.spec.maxReplicas, 6);
  assert.deepEqual(
    hpa.spec.metrics.map((m: Obj) => [m.resource.name, m.resource.target.averageUtilization]),
    [
      ['cpu', 70],
      ['memory', 80],
    ],
  );
  assert.equal(find(objs, 'Deployment', 'app').spec.replicas, undefined);
  assert.equal(find(objs, 'PodDisruptionBudget', 'app').spec.minAvailable, 1);
  const large = objects('fixtures/valid-large.yaml');
  assert.ok(find(large, 'PodDisruptionBudget', 'worker'), 'replicas: 2');
  assert.ok(!large.some((o) => o.kind === 'PodDisruptionBudget' && o.metadata.name === 'docs'), 'one replica');
  assert.equal(find(large, 'Deployment', 'worker').spec.replicas, 2);
});

test('PVCs use the GKE storage class', () => {
  const pvc = find(objects('fixtures/valid-large.yaml'), 'PersistentVolumeClaim', 'docs-site');
  assert.equal(pvc.spec.storageClassName, 'premium-rwo');
});

test('Ingress: GCE class, static IP, managed certificate', () => {
  const objs = objects('envs/openhands.yaml');
  const ing = find(objs, 'Ingress', 'openhands');
  assert.deepEqual(ing.metadata.annotations, {
    'kubernetes.io/ingress.class': 'gce',
    'kubernetes.io/ingress.global-static-ip-name': 'openhands-ip',
    'networking.gke.io/managed-certificates': 'openhands-cert',
  });
  assert.equal(ing.spec.ingressClassName, undefined);
  assert.equal(ing.spec.tls, undefined, 'the managed certificate replaces a TLS secret');
  assert.deepEqual(find(objs, 'ManagedCertificate', 'openhands-cert').spec, { domains: ['openhands.example.com'] });
  assert.equal(find(objs, 'Service', 'app').metadata.annotations['cloud.google.com/neg'], '{"ingress": true}');
});

test('monitoring: a ServiceMonitor per metrics endpoint and the alerts as a PrometheusRule', () => {
  const objs = objects('envs/openhands.yaml');
  const sm = find(objs, 'ServiceMonitor', 'app');
  assert.deepEqual(sm.spec.endpoints[0].port, 'http');
  assert.equal(sm.spec.endpoints[0].path, '/internal/metrics/');
  assert.equal(sm.spec.endpoints[0].relabelings[0].replacement, 'openhands-app', 'the job label the alerts use');
  const rule = find(objs, 'PrometheusRule', 'openhands-alerts');
  assert.deepEqual(
    rule.spec.groups[0].rules.map((r: Obj) => [r.alert, r.labels.severity]),
    [
      ['OpenHandsAppDown', 'critical'],
      ['OpenHandsHighErrorRate', 'warning'],
      ['OpenHandsPodRestarting', 'warning'],
    ],
  );
});

test('NetworkPolicy: default deny, then only the traffic the model declares', () => {
  const objs = objects('envs/openhands.yaml');
  const deny = find(objs, 'NetworkPolicy', 'openhands-default-deny');
  assert.deepEqual(deny.spec, { podSelector: {}, policyTypes: ['Ingress', 'Egress'] });
  const app = find(objs, 'NetworkPolicy', 'app-network').spec;
  const cidrs = (rules: Obj[]) =>
    rules.flatMap((r) => (r.to ?? r.from ?? []).map((p: Obj) => p.ipBlock?.cidr)).filter(Boolean);
  assert.deepEqual(cidrs(app.ingress).sort(), ['130.211.0.0/22', '35.191.0.0/16']);
  assert.ok(cidrs(app.egress).includes('10.40.0.0/16'), 'Cloud SQL / Memorystore private range');
  assert.ok(
    app.egress.some((r: Obj) => r.to[0].podSelector?.matchLabels?.app === 'openhands-runtime'),
    'sandboxes',
  );
  const sandboxes = find(objs, 'NetworkPolicy', 'openhands-sandboxes').spec;
  assert.ok(sandboxes.egress[0].to[0].ipBlock.except.includes('169.254.0.0/16'), 'no metadata server for agents');
  const large = objects('fixtures/valid-large.yaml');
  const api = find(large, 'NetworkPolicy', 'api-network').spec;
  const fromPods = api.ingress.flatMap((r: Obj) =>
    r.from.map((f: Obj) => f.podSelector?.matchLabels?.['app.kubernetes.io/name']),
  );
  assert.ok(fromPods.includes('worker'), 'worker depends on api');
  const worker = find(large, 'NetworkPolicy', 'worker-network').spec;
  assert.ok(worker.egress.some((r: Obj) => r.to[0].podSelector?.matchLabels?.['app.kubernetes.io/name'] === 'api'));
  assert.ok(!large.some((o) => o.metadata.name === 'platform-sandboxes'), 'no runtime service: no sandbox policy');
});

test('non-root where the image allows it, hardened everywhere', () => {
  const objs = objects('envs/openhands.yaml');
  const job = find(objs, 'Job', 'migrate').spec.template.spec;
  assert.equal(job.securityContext.runAsNonRoot, true, 'NO_SETUP=true: runs as the openhands user');
  assert.equal(job.securityContext.runAsUser, 42420);
  assert.deepEqual(job.containers[0].securityContext, {
    allowPrivilegeEscalation: false,
    capabilities: { drop: ['ALL'] },
  });
  const app = find(objs, 'Deployment', 'app').spec.template.spec;
  assert.equal(app.securityContext.seccompProfile.type, 'RuntimeDefault');
  assert.equal(app.containers[0].securityContext.allowPrivilegeEscalation, false);
  assert.deepEqual(app.containers[0].securityContext.capabilities.drop, ['ALL']);
});

test('a model without targets.gke is an error at targets.gke, nothing rendered', () => {
  assert.throws(
    () => renderFile('fixtures/valid-minimal.yaml'),
    (e: unknown) =>
      e instanceof OhEnvError &&
      e.code === 'E_MODEL_INVALID' &&
      e.issues.length === 1 &&
      e.issues[0]!.path === 'targets.gke' &&
      e.issues[0]!.expected !== undefined &&
      e.issues[0]!.hint !== undefined,
  );
});

test('deterministic, labelled, names within 63 chars, no Secret objects', () => {
  for (const model of ['envs/openhands.yaml', 'fixtures/valid-large.yaml']) {
    assert.deepEqual(renderFile(model), renderFile(model));
    for (const o of objects(model)) {
      assert.notEqual(o.kind, 'Secret');
      assert.ok(o.metadata.name.length <= 63);
      assert.equal(o.metadata.labels['app.kubernetes.io/managed-by'], 'oh-env');
      assert.ok(o.metadata.labels['dev.oh-env.kind']);
    }
  }
});

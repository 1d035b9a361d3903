import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { FileReader } from '../../drivers/files.js';
import { loadModel } from '../../model/load.js';
import type { KubeContext } from './meta.js';
import { dependencyWait, plannedWaits } from './wait.js';
import { renderKind } from '../kind/index.js';
import { GKE_PROFILE } from '../gke/profile.js';
import { KIND_PROFILE } from '../kind/profile.js';

const model = (body: string) => {
  const text = `apiVersion: oh-env.dev/v1alpha1\nkind: Environment\nmetadata: { name: w }\n${body}`;
  const fs: FileReader = { exists: (p: string) => p.endsWith('m.yaml'), read: () => text } as FileReader;
  return loadModel({ cwd: '/', file: 'm.yaml', target: 'kind' }, fs).env;
};

const MODEL = `
backends:
  db: { type: postgres, database: d, user: u, passwordSecret: pw }
secrets:
  pw: {}
jobs:
  init: { image: busybox:1.37.0, uses: [db] }
services:
  worker:
    image: busybox:1.37.0
    health: { liveness: { exec: ['true'] } }
  api:
    image: nginx:1.27.3
    ports: [{ name: http, port: 8080 }, { name: admin, port: 9000 }]
    health: { readiness: { tcp: admin } }
  web:
    image: nginx:1.27.3
    ports: [{ name: http, port: 80 }]
    dependsOn: { worker: started, api: healthy, init: completed }
    uses: [db]
`;

test('each condition is observed the way the target can see it, in start order', () => {
  const env = model(MODEL);
  const ctx: KubeContext = { env, target: 'kind', profile: KIND_PROFILE, namespace: 'w', warnings: [] };
  assert.deepEqual(
    plannedWaits(ctx, 'web').map((w) => [w.dependency, w.condition, w.check]),
    [
      ['api', 'healthy', { kind: 'tcp', host: 'api', port: 9000 }],
      ['db', 'healthy', { kind: 'tcp', host: 'db', port: 5432 }],
      ['worker', 'started', { kind: 'deployment', name: 'worker' }],
      ['init', 'completed', { kind: 'job', name: 'init' }],
    ],
  );
  const wait = dependencyWait(ctx, 'web');
  assert.deepEqual(wait.rules, [
    { apiGroups: ['batch'], resources: ['jobs'], verbs: ['get'], resourceNames: ['init'] },
    { apiGroups: ['apps'], resources: ['deployments'], verbs: ['get'], resourceNames: ['worker'] },
  ]);
  assert.equal(wait.volumes.length, 1, 'one projected token volume');
  const mounted = wait.initContainers.filter((c) => c.volumeMounts).map((c) => c.name);
  assert.deepEqual(mounted, ['wait-worker', 'wait-init']);
  assert.match(
    String((wait.initContainers[2]!.command as string[])[2]),
    /\/apis\/apps\/v1\/namespaces\/w\/deployments\/worker/,
  );
});

test('no wait and no Role for a workload without dependencies', () => {
  const env = model(MODEL);
  const wait = dependencyWait({ env, target: 'kind', profile: KIND_PROFILE, namespace: 'w', warnings: [] }, 'api');
  assert.deepEqual(wait, { initContainers: [], volumes: [], rules: [] });
});

test('on GKE managed backends are not waited for', () => {
  const env = model(MODEL);
  const waits = plannedWaits({ env, target: 'gke', profile: GKE_PROFILE, namespace: 'w', warnings: [] }, 'web');
  assert.ok(!waits.some((w) => w.dependency === 'db'));
  assert.equal(waits.length, 3);
});

test('a KubernetesRuntime service whose KUBERNETES_NAMESPACE misses its Role is a warning', () => {
  const env = model(`
services:
  app:
    image: nginx:1.27.3
    kubernetesRuntime: true
    env: { RUNTIME: kubernetes }
`);
  const w = renderKind({ env, sources: [] }).warnings;
  assert.deepEqual(
    w.map((i) => [i.path, i.expected]),
    [['services.app.env.KUBERNETES_NAMESPACE', 'w']],
  );
});

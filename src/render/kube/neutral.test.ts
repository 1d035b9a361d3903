// kube/ builds the target-neutral base; every kind/GKE difference is a patch of the target's profile. And the
// objects a render returns (what `up` applies) are exactly what its manifests.yaml shows, read as YAML 1.1.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { parseAllDocuments } from 'yaml';
import { diskReader } from '../../drivers/files.js';
import { loadModel } from '../../model/load.js';
import { gkeObjects, renderGke } from '../gke/index.js';
import { GKE_PROFILE } from '../gke/profile.js';
import { kindObjects, renderKind } from '../kind/index.js';
import { KIND_PROFILE } from '../kind/profile.js';
import { canonical } from '../yaml.js';
import { workloadObjects } from './manifests.js';
import { namespaceOf, type KubeContext, type KubeObject, type KubeProfile } from './meta.js';

const root = new URL('../../../', import.meta.url).pathname;
type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const load = (file: string, target: 'kind' | 'gke') => loadModel({ cwd: root, file, target }, diskReader).env;
const containersOf = (objects: readonly Obj[]): Obj[] =>
  objects.flatMap((o) => {
    const spec = o.spec?.template?.spec;
    return spec ? [...(spec.containers ?? []), ...(spec.initContainers ?? [])] : [];
  });

test('no module of kube/ asks for a target or imports a target folder', () => {
  const dir = new URL('./', import.meta.url).pathname;
  for (const f of readdirSync(dir).filter((n) => n.endsWith('.ts') && !n.endsWith('.test.ts'))) {
    const text = readFileSync(dir + f, 'utf8');
    assert.doesNotMatch(text, /target\s*[!=]==/, `${f} branches on the target`);
    assert.doesNotMatch(text, /from '\.\.\/(kind|gke)\//, `${f} imports a target's folder`);
  }
});

test('the base has no target specifics; the kind and GKE patches add exactly theirs', () => {
  const env = load('fixtures/valid-large.yaml', 'gke');
  const neutral: KubeProfile = { ...GKE_PROFILE, patches: [] };
  const ctx: KubeContext = { env, target: 'gke', profile: neutral, namespace: namespaceOf(env, 'gke'), warnings: [] };
  const base = workloadObjects(ctx, { hpa: () => false }) as Obj[];
  const text = JSON.stringify(base);
  for (const specific of ['imagePullPolicy', 'ingressClassName', 'storageClassName', 'iam.gke.io', 'ingress.class'])
    assert.ok(!text.includes(specific), `the base has no ${specific}`);

  const kind = kindObjects({ env: load('fixtures/valid-large.yaml', 'kind'), sources: [] }).objects as Obj[];
  const kindContainers = containersOf(kind);
  assert.ok(kindContainers.length > 5);
  assert.ok(
    kindContainers.every((c) => c.imagePullPolicy === 'IfNotPresent'),
    'kind uses the loaded images',
  );
  assert.equal(kind.find((o) => o.kind === 'Ingress')?.spec.ingressClassName, 'nginx');

  const gke = gkeObjects({ env, sources: [] }).objects as Obj[];
  assert.ok(
    containersOf(gke).every((c) => c.imagePullPolicy === undefined),
    'GKE pulls as Kubernetes defaults',
  );
  const claims = gke.filter((o) => o.kind === 'PersistentVolumeClaim');
  assert.ok(claims.length > 0);
  assert.ok(claims.every((c) => c.spec.storageClassName === env.targets.gke?.storageClass));
  const ingress = gke.find((o) => o.kind === 'Ingress')!;
  assert.equal(ingress.metadata.annotations['kubernetes.io/ingress.class'], 'gce');
  assert.equal(ingress.spec.ingressClassName, undefined, 'the API rejects class annotation and field together');
  assert.ok(gke.some((o) => o.kind === 'ServiceAccount' && o.metadata.annotations?.['iam.gke.io/gcp-service-account']));
  assert.equal(KIND_PROFILE.backendsReadyBeforeApply, false);
});

test('the objects a render returns are the objects its manifests.yaml shows (read as YAML 1.1)', () => {
  for (const model of ['envs/openhands.yaml', 'fixtures/valid-large.yaml', 'fixtures/valid-minimal.yaml']) {
    const cases: [string, readonly KubeObject[], string][] = [];
    const kindEnv = load(model, 'kind');
    cases.push([
      'kind',
      kindObjects({ env: kindEnv, sources: [] }).objects,
      renderKind({ env: kindEnv, sources: [] }).files.find((f) => f.path === 'manifests.yaml')!.content,
    ]);
    const gkeEnv = load(model, 'gke');
    if (gkeEnv.targets.gke)
      cases.push([
        'gke',
        gkeObjects({ env: gkeEnv, sources: [] }).objects,
        renderGke({ env: gkeEnv, sources: [] }).files.find((f) => f.path === 'manifests.yaml')!.content,
      ]);
    for (const [target, objects, text] of cases) {
      const docs = parseAllDocuments(text, { version: '1.1' }).map((d) => d.toJS());
      assert.deepEqual(docs, canonical(objects), `${model} → ${target}`);
    }
  }
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseAllDocuments } from 'yaml';
import { diskReader } from '../../drivers/files.js';
import { loadModel } from '../../model/load.js';
import type { Target } from '../../model/schema.js';
import { render } from '../../targets/registry.js';
import { kubeSecretObject } from './kube-secret.js';
import type { ResolvedValue } from './resolve.js';

const root = new URL('../../../', import.meta.url).pathname;
type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

function rendered(file: string, target: 'kind' | 'gke') {
  const { env } = loadModel({ cwd: root, file, target }, diskReader);
  const manifests = render({ env, sources: [file] }, target as Target).files.find((f) => f.path === 'manifests.yaml');
  assert.ok(manifests, `${file} renders manifests for ${target}`);
  return { env, objects: parseAllDocuments(manifests.content).map((d) => d.toJS() as Obj) };
}

/** Every secretKeyRef of every container (and init container) of every pod template. */
function secretRefs(objects: readonly Obj[]): Obj[] {
  const refs: Obj[] = [];
  for (const o of objects) {
    const pod = o.spec?.template?.spec ?? o.spec?.jobTemplate?.spec?.template?.spec;
    for (const c of [...(pod?.containers ?? []), ...(pod?.initContainers ?? [])])
      for (const e of c.env ?? []) if (e.valueFrom?.secretKeyRef) refs.push(e.valueFrom.secretKeyRef);
  }
  return refs;
}

const value = (v: string): ResolvedValue => ({ value: v, origin: 'store' });

test('the Secret holds exactly the keys the rendered workloads reference, in their namespace, with their labels', () => {
  for (const target of ['kind', 'gke'] as const)
    for (const file of ['envs/openhands.yaml', 'fixtures/valid-large.yaml']) {
      const { env, objects } = rendered(file, target);
      const values = new Map(Object.keys(env.secrets).map((n) => [n, value(`v-${n}`)]));
      const secret = kubeSecretObject(env, target, values) as Obj;
      const ns = objects.find((o) => o.kind === 'Namespace');
      assert.ok(ns);
      assert.equal(secret.apiVersion, 'v1');
      assert.equal(secret.type, 'Opaque');
      assert.equal(secret.metadata.namespace, ns.metadata.name);
      // Same environment labels as the Namespace (managed-by, part-of, the model's own labels), but the
      // Namespace's own pod-security ones.
      for (const [k, v] of Object.entries(ns.metadata.labels as Record<string, string>))
        if (!k.startsWith('pod-security.')) assert.equal(secret.metadata.labels[k], v, `${file} ${target}: label ${k}`);
      const refs = secretRefs(objects);
      assert.ok(refs.length > 0, `${file} ${target} references secrets`);
      for (const r of refs) {
        assert.equal(r.name, secret.metadata.name, `${file} ${target}: ${JSON.stringify(r)}`);
        assert.ok(r.key in secret.data, `${file} ${target}: key ${r.key} is in the Secret`);
      }
    }
});

test('values are base64 of their UTF-8 bytes, sorted by key; optional secrets without a value are left out', () => {
  const { env } = rendered('fixtures/valid-large.yaml', 'kind');
  const awkward = "pa$s 'wörd'\n\\=";
  const values = new Map([
    ['jwt-secret', value('jwt')],
    ['db-password', value(awkward)],
  ]);
  const secret = kubeSecretObject(env, 'kind', values) as Obj;
  assert.deepEqual(Object.keys(secret.data), ['db-password', 'jwt-secret']);
  assert.equal(Buffer.from(secret.data['db-password'], 'base64').toString('utf8'), awkward);
  assert.equal(secret.stringData, undefined);
});

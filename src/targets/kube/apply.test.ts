import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SPEC_HASH, setHash, withSpecHashes } from './apply.js';
import { IMAGE_IDS, imagesOf, stampImageIds } from './images.js';
import type { KubeResource } from '../../drivers/kube/index.js';

const job = (image: string): KubeResource => ({
  apiVersion: 'batch/v1',
  kind: 'Job',
  metadata: { name: 'migrate', namespace: 'ns' },
  spec: {
    template: { spec: { containers: [{ name: 'm', image }], initContainers: [{ name: 'w', image: 'wait:1' }] } },
  },
});
const cm = (data: Record<string, string>): KubeResource => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name: 'env', namespace: 'ns' },
  data,
});

test('setHash: the same objects in any order and with keys in any order hash equal; any value change differs', () => {
  const a = [cm({ A: '1', B: '2' }), job('app:1')];
  const b = [job('app:1'), cm({ B: '2', A: '1' })];
  assert.equal(setHash(a), setHash(b));
  assert.notEqual(setHash(a), setHash([cm({ A: '1', B: '3' }), job('app:1')]));
});

test('withSpecHashes: Jobs get a hash of their spec that changes with it; other objects are untouched', () => {
  const [c, j] = withSpecHashes([cm({ A: '1' }), job('app:1')]);
  assert.deepEqual(c, cm({ A: '1' }));
  const hash = (o: KubeResource) =>
    (o.metadata as unknown as { annotations: Record<string, string> }).annotations[SPEC_HASH];
  assert.match(hash(j!)!, /^[0-9a-f]{64}$/);
  assert.equal(hash(withSpecHashes([job('app:1')])[0]!), hash(j!));
  assert.notEqual(hash(withSpecHashes([job('app:2')])[0]!), hash(j!));
});

test('imagesOf lists init and main container images once; stampImageIds annotates the template with known IDs', () => {
  assert.deepEqual(imagesOf([job('app:1'), job('app:1'), cm({})]), ['app:1', 'wait:1']);
  const [stamped] = stampImageIds([job('app:1')], new Map([['app:1', 'sha256:abc']]));
  const template = (stamped as unknown as { spec: { template: { metadata: { annotations: Record<string, string> } } } })
    .spec.template;
  assert.equal(template.metadata.annotations[IMAGE_IDS], 'app:1=sha256:abc');
  // No known image, no annotation: a pulled image is not pinned by an ID oh-env cannot know.
  assert.deepEqual(stampImageIds([job('app:1')], new Map()), [job('app:1')]);
});

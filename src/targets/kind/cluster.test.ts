import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parse } from 'yaml';
import { loadModel } from '../../model/load.js';
import { diskReader } from '../../drivers/files.js';
import { creationConfig } from './cluster.js';
import { toYaml } from '../../render/yaml.js';
import { kindClusterConfig } from '../../render/kind/cluster.js';
import { endpointsOf } from './up.js';
import { manifestObjects } from './ingress-controller.js';

const ROOT = new URL('../../../', import.meta.url).pathname;
const env = loadModel({ cwd: ROOT, file: 'fixtures/demo/oh-env.yaml', target: 'kind' }, diskReader).env;

test('creationConfig: the render as it is on cgroup v2; with failCgroupV1: false on a cgroup v1 host', () => {
  assert.equal(creationConfig(env, '2'), toYaml(kindClusterConfig(env)));
  assert.equal(creationConfig(env, undefined), toYaml(kindClusterConfig(env)));
  const v1 = parse(creationConfig(env, '1')) as { kubeadmConfigPatches: string[]; nodes: unknown[] };
  assert.deepEqual(v1.kubeadmConfigPatches, ['kind: KubeletConfiguration\nfailCgroupV1: false\n']);
  assert.deepEqual(v1.nodes, kindClusterConfig(env).nodes);
});

test('the rendered kind config labels the node with the environment, by which up kind knows its own cluster', () => {
  const node = (kindClusterConfig(env).nodes as { labels: Record<string, string> }[])[0]!;
  assert.equal(node.labels['dev.oh-env.env'], env.metadata.name);
  assert.equal(node.labels['ingress-ready'], 'true');
});

test('endpointsOf: the ingress host on the mapped port, https with TLS (no port shown for 443 / 80)', () => {
  const at = (httpsPort: number, mode: 'self-signed' | 'none' = 'self-signed') =>
    endpointsOf({
      ...env,
      ingress: { ...env.ingress!, tls: { ...env.ingress!.tls, mode } },
      targets: { ...env.targets, kind: { ...env.targets.kind, httpsPort, httpPort: 18080 } },
    });
  assert.deepEqual(at(18443), [{ service: 'app', url: 'https://openhands.localtest.me:18443/' }]);
  assert.deepEqual(at(443), [{ service: 'app', url: 'https://openhands.localtest.me/' }]);
  assert.deepEqual(at(443, 'none'), [{ service: 'app', url: 'http://openhands.localtest.me:18080/' }]);
});

test('manifestObjects: every object of a multi-document manifest, empty documents dropped; bad YAML says where', () => {
  const objs = manifestObjects(
    '---\napiVersion: v1\nkind: Namespace\nmetadata: {name: a}\n---\n---\nkind: X\n',
    'm.yaml',
  );
  assert.deepEqual(
    objs.map((o) => o.kind),
    ['Namespace'],
  );
  assert.throws(() => manifestObjects('a: [', 'm.yaml'), /ingress controller manifest m\.yaml is not valid YAML/);
});

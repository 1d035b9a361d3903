// The test ingress controller's lab side, without a cluster: its go.mod pins the client-go versions.ts records,
// its source stamp follows its files, its manifest serves the class the kind render sets on the hostPorts kind
// maps, the node image carries it and the wait image under their own names, and the demo uses that wait image.
// (On a real cluster: e2e/lab-kind/test-ingress.test.ts.)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, parseAllDocuments } from 'yaml';
import { sourceDir, sourceHash } from './go-tools.js';
import { KUBE_WAIT_IMAGE, labImages, REPO_ROOT, TEST_INGRESS_IMAGE } from './images.js';
import { nodeLabImages } from './kind-node.js';
import { labEnv, labPaths } from './paths.js';
import { TEST_INGRESS_CLASS, testIngressManifest, testIngressObjects } from './test-ingress.js';
import { CLIENT_GO_VERSION, GO_TOOLS } from './versions.js';

const recipe = GO_TOOLS.testIngress.recipe;

test("the controller's go.mod requires the client-go (and api, apimachinery) that versions.ts records", () => {
  const goMod = readFileSync(join(sourceDir(recipe.dir), 'go.mod'), 'utf8');
  for (const m of ['k8s.io/client-go', 'k8s.io/api', 'k8s.io/apimachinery'])
    assert.match(goMod, new RegExp(`^\\s+${m.replace(/[./]/g, '\\$&')} ${CLIENT_GO_VERSION}$`, 'm'), m);
  assert.equal(GO_TOOLS.testIngress.version, CLIENT_GO_VERSION);
});

test('the source stamp changes with a Go file or go.sum, not with a test file', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'oh-env-lab-src-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  cpSync(sourceDir(recipe.dir), dir, { recursive: true });
  const before = sourceHash(dir);
  assert.equal(before, sourceHash(sourceDir(recipe.dir)));
  writeFileSync(join(dir, 'x_test.go'), 'package main\n');
  assert.equal(sourceHash(dir), before);
  writeFileSync(join(dir, 'main.go'), readFileSync(join(dir, 'main.go'), 'utf8') + '\n// changed\n');
  assert.notEqual(sourceHash(dir), before);
});

test('the manifest serves the kind render class on hostPorts 80/443 of the ingress-ready node', () => {
  const golden = readFileSync(join(REPO_ROOT, 'fixtures/golden/demo/kind/manifests.yaml'), 'utf8');
  const ingress = parseAllDocuments(golden)
    .map((d) => d.toJS() as { kind?: string; spec?: { ingressClassName?: string } })
    .find((o) => o.kind === 'Ingress');
  assert.equal(ingress?.spec?.ingressClassName, TEST_INGRESS_CLASS);

  const objects = testIngressObjects() as { kind: string; metadata: { name: string }; [k: string]: unknown }[];
  assert.deepEqual(
    objects.map((o) => o.kind),
    ['Namespace', 'ServiceAccount', 'ClusterRole', 'ClusterRoleBinding', 'IngressClass', 'Deployment'],
  );
  assert.equal(objects.find((o) => o.kind === 'IngressClass')?.metadata.name, 'nginx');
  const rules = (
    objects.find((o) => o.kind === 'ClusterRole') as unknown as { rules: { resources: string[]; verbs: string[] }[] }
  ).rules;
  assert.ok(rules.some((r) => r.resources.includes('ingresses/status') && r.verbs.includes('update')));
  const deploy = objects.find((o) => o.kind === 'Deployment') as unknown as {
    spec: { strategy: { type: string }; template: { spec: Record<string, unknown> } };
  };
  const pod = deploy.spec.template.spec as {
    nodeSelector: Record<string, string>;
    tolerations: { key: string }[];
    containers: { image: string; ports: { containerPort: number; hostPort?: number }[]; readinessProbe: unknown }[];
  };
  assert.equal(deploy.spec.strategy.type, 'Recreate', 'a second pod could not take the hostPorts beside the first');
  assert.equal(pod.nodeSelector['ingress-ready'], 'true');
  assert.ok(pod.tolerations.some((t) => t.key === 'node-role.kubernetes.io/control-plane'));
  const [c] = pod.containers;
  assert.equal(c?.image, TEST_INGRESS_IMAGE);
  // The container ports are the Go flags' defaults (main.go: -http :8080, -https :8443, -health :10254).
  const main = readFileSync(join(sourceDir(recipe.dir), 'main.go'), 'utf8');
  for (const p of c?.ports ?? []) assert.match(main, new RegExp(`":${p.containerPort}"`));
  assert.deepEqual(
    c?.ports.filter((p) => p.hostPort).map((p) => p.hostPort),
    [80, 443],
  );
  assert.ok(c?.readinessProbe);
  assert.equal(parseAllDocuments(testIngressManifest()).length, objects.length);
});

test('labEnv names the manifest; the node image carries the controller and wait images; the demo waits with it', () => {
  const env = { OH_ENV_LAB_CACHE: '/cache', PATH: '/usr/bin' };
  assert.equal(labEnv(env).OH_ENV_KIND_INGRESS_MANIFEST, labPaths(env).kindIngressManifest);
  assert.ok(labPaths(env).kindIngressManifest.startsWith('/cache/'));
  assert.deepEqual(
    nodeLabImages().map((c) => [c.spec.name, c.nodeTags]),
    [
      [TEST_INGRESS_IMAGE, [`docker.io/${TEST_INGRESS_IMAGE}`]],
      [KUBE_WAIT_IMAGE, [`docker.io/${KUBE_WAIT_IMAGE}`]],
    ],
  );
  const demo = parse(readFileSync(join(REPO_ROOT, 'fixtures/demo/oh-env.yaml'), 'utf8')) as {
    targets: { kind: { waitImage: string } };
  };
  assert.equal(demo.targets.kind.waitImage, KUBE_WAIT_IMAGE);
  assert.ok(
    labImages().some((s) => s.name === KUBE_WAIT_IMAGE),
    'the demo set builds it',
  );
});

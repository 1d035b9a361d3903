// The lab's pure parts: paths and environment, image naming and ordering, the Debian mirror lookup, the schema
// rewrite and the copy-pasteable commands. (The components themselves are checked by e2e/lab-smoke.)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { debianMirror } from './build-images.js';
import { formatCommand, shellQuote } from './exec.js';
import { DEBIAN_IMAGE, DEMO_APP_IMAGE, fixtureImageName, labBaseImages, labImages, POSTGRES_IMAGE } from './images.js';
import { labEnv, labPaths } from './paths.js';
import { makeLocal } from './schemas.js';
import { GO_TOOLS, KUBE_VERSION } from './versions.js';

function tempDir(t: { after: (fn: () => void) => void }): string {
  const dir = mkdtempSync(join(tmpdir(), 'oh-env-lab-test-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

test('paths follow OH_ENV_LAB_CACHE, and labEnv puts the kind shim dir and the bin dir first on PATH', () => {
  const env = { OH_ENV_LAB_CACHE: '/x/cache', PATH: '/usr/bin:/x/cache/bin:/bin' };
  const p = labPaths(env);
  assert.equal(p.binDir, '/x/cache/bin');
  assert.equal(p.kubeconfig, '/x/cache/lab/kubeconfig');
  assert.match(
    p.schemaLocation,
    /^\/x\/cache\/schemas\/kubernetes-validate-[\d.]+\/\{\{\.NormalizedKubernetesVersion\}\}/,
  );
  const e = labEnv(env);
  assert.equal(e.PATH, '/x/cache/lab/kind-shim:/x/cache/bin:/usr/bin:/bin');
  assert.equal(e.KUBECONFIG, '/x/cache/lab/kubeconfig');
  assert.equal(e.TESTCONTAINERS_RYUK_DISABLED, 'true');
  assert.equal(e.OH_ENV_LAB_KUBE_VERSION, KUBE_VERSION);
});

test('the Kubernetes recipe stamps the version and maps staging modules to v0.<minor>.<patch>', () => {
  const r = GO_TOOLS.kubernetes.recipe;
  assert.equal(r.stagingOf.stagingVersion, `v0.${KUBE_VERSION.split('.').slice(1).join('.')}`);
  assert.match(
    r.ldflags,
    new RegExp(`k8s.io/component-base/version.gitVersion=v${KUBE_VERSION.replaceAll('.', '\\.')} `),
  );
  assert.match(r.ldflags, /k8s\.io\/client-go\/pkg\/version\.gitMinor=\d+ /);
});

test('fixture images: `# image:` names the tag, else oh-env-lab/<folder>:local; FROM lab images are found', () => {
  assert.equal(
    fixtureImageName('x', '# image: oh-env-lab/x:1.2\nFROM oh-env-lab/debian:bookworm\n'),
    'oh-env-lab/x:1.2',
  );
  assert.equal(fixtureImageName('probe', 'FROM oh-env-lab/debian:bookworm\n'), 'oh-env-lab/probe:local');
  assert.deepEqual(
    labBaseImages('FROM oh-env-lab/postgres:15 AS base\nFROM --platform=x busybox\nfrom oh-env-lab/y:1\n'),
    ['oh-env-lab/postgres:15', 'oh-env-lab/y:1'],
  );
});

test('labImages: lab images first, fixtures ordered after the images they are built FROM, demo app last', (t) => {
  const root = tempDir(t);
  const add = (dir: string, dockerfile: string): void => {
    mkdirSync(join(root, dir), { recursive: true });
    writeFileSync(join(root, dir, 'Dockerfile'), dockerfile);
  };
  add('fixtures/images/a', '# image: oh-env-lab/a:1\nFROM oh-env-lab/b:local\n');
  add('fixtures/images/b', 'FROM oh-env-lab/debian:bookworm\n');
  add('fixtures/demo-app', 'FROM oh-env-lab/debian:bookworm\n');
  const names = labImages(root).map((s) => s.name);
  assert.equal(names[0], DEBIAN_IMAGE);
  assert.ok(names.indexOf(POSTGRES_IMAGE) > 0);
  assert.ok(names.indexOf('oh-env-lab/b:local') < names.indexOf('oh-env-lab/a:1'), names.join(' '));
  assert.ok(names.includes(DEMO_APP_IMAGE));
});

test('the Debian mirror comes from deb822 sources (security and other suites skipped) or sources.list', (t) => {
  const apt = tempDir(t);
  mkdirSync(join(apt, 'sources.list.d'));
  writeFileSync(
    join(apt, 'sources.list.d', 'debian.sources'),
    'Types: deb\nURIs: http://mirror.invalid/debian-security\nSuites: bookworm-security\n\n' +
      'Types: deb\nURIs: http://mirror.invalid/debian\nSuites: bookworm bookworm-updates\nComponents: main\n',
  );
  assert.equal(debianMirror(apt), 'http://mirror.invalid/debian');
  const old = tempDir(t);
  writeFileSync(join(old, 'sources.list'), '# x\ndeb [arch=amd64] http://old.invalid/debian bookworm main\n');
  assert.equal(debianMirror(old), 'http://old.invalid/debian');
  assert.throws(() => debianMirror(tempDir(t)), /no Debian bookworm mirror/);
});

test('kubernetes-validate schemas are made loadable from disk', () => {
  const schema = JSON.stringify({
    $id: 'https://kubernetes.io/api/deployment/apps/v1',
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    properties: { metadata: { $ref: '/api/_definitions.json#/$defs/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta' } },
  });
  const out = JSON.parse(makeLocal(schema)) as Record<string, unknown>;
  assert.equal(out.$id, undefined);
  assert.equal(out.$schema, 'https://json-schema.org/draft/2020-12/schema');
  assert.deepEqual(out.properties, {
    metadata: { $ref: '_definitions.json#/$defs/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta' },
  });
});

test('failed commands are shown so they can be pasted into a shell', () => {
  assert.equal(shellQuote('plain-arg_1.2/x=y'), 'plain-arg_1.2/x=y');
  assert.equal(shellQuote("it's"), "'it'\\''s'");
  assert.equal(shellQuote('{{.Kind}}'), "'{{.Kind}}'");
  assert.equal(
    formatCommand('go', ['build', '-ldflags', '-s -w'], { cwd: '/b/k8s', env: { CGO_ENABLED: '0' } }),
    "(cd /b/k8s && CGO_ENABLED=0 go build -ldflags '-s -w')",
  );
});

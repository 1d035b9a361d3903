// Contract: a real kube-apiserver (the lab's control plane) accepts the rendered objects, and reads the
// rendered YAML as the same data. For every case (every fixture model, among them
// fixtures/valid-yaml-1-1-values.yaml whose labels and env hold `on`, `no`, `12:30`, `1_000`, `2026-01-01`…,
// and the default model; kind and gke):
//   1. the objects the render returns are the objects its manifests.yaml shows (read as YAML 1.1);
//   2. the kube driver server-side applies them (dryRun=All, strict field validation), each sent as the
//      manifests' own YAML text, so the apiserver's YAML decoder (go-yaml, YAML 1.1) reads what we wrote;
//      every ConfigMap comes back holding exactly the strings rendered;
//   3. kubectl (another YAML 1.1 reader) applies manifests.yaml itself with --dry-run=server --validate=strict.
// Each case uses a throw-away namespace of its own (created for real, since namespaced dry runs need it, and
// deleted by its unique label), so no other test's objects are touched. CRD kinds (ServiceMonitor,
// PrometheusRule, ManagedCertificate) are not installed on a bare API server: left out by name and listed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { connectKube, type KubeResource } from '../../src/drivers/kube/index.js';
import { canonical, toYaml, toYamlStream } from '../../src/render/yaml.js';
import { CRD_KINDS, kubeCases, renderKubeCase } from './cases.js';
import { kubeTools } from './lab-access.js';

const RUN_LABEL = 'oh-env.dev/e2e-run';

test('the YAML-1.1 fixture is among the cases, for kind and gke', () => {
  const ids = kubeCases().map((c) => `${c.model} ${c.target}`);
  for (const target of ['kind', 'gke'])
    assert.ok(ids.includes(`fixtures/valid-yaml-1-1-values.yaml ${target}`), ids.join('\n'));
});

for (const c of kubeCases()) {
  test(`kube-apiserver accepts ${c.model} → ${c.target} (server-side dry run through the driver and kubectl)`, async (t) => {
    const namespace = `ohe-dry-${process.pid}-${c.id}`.slice(0, 63).replace(/-+$/, '');
    const { objects, manifests } = renderKubeCase(c, namespace);
    const fromFile = parseAllDocuments(manifests, { version: '1.1' }).map((d) => d.toJS());
    assert.deepEqual(fromFile, canonical(objects), 'the file shows the objects the render returns');

    const tools = await kubeTools(t);
    if (!tools) return;
    const kube = await connectKube({ kubeconfig: tools.kubeconfig });
    const ns = objects.find((o) => o.kind === 'Namespace');
    assert.equal(ns?.metadata.name, namespace, 'the render follows the target namespace');
    const run = { [RUN_LABEL]: String(process.pid) };
    const nsObject: KubeResource = {
      ...ns!,
      metadata: { ...ns!.metadata, labels: { ...ns!.metadata.labels, ...run } },
    };
    const skipped = objects.filter((o) => (CRD_KINDS as readonly string[]).includes(o.kind));
    const applied = objects.filter((o) => o.kind !== 'Namespace' && !skipped.includes(o));
    await kube.apply([nsObject]);
    try {
      const answers = await kube.apply(applied, { dryRun: true, encode: toYaml });
      assert.deepEqual(
        answers.map((a) => `${a.kind}/${a.metadata.name}`),
        applied.map((o) => `${o.kind}/${o.metadata.name}`),
      );
      for (const [i, o] of applied.entries()) {
        if (o.kind === 'ConfigMap') assert.deepEqual(answers[i]!.data, o.data, `${o.metadata.name}: data as rendered`);
        assert.deepEqual(answers[i]!.metadata.labels, o.metadata.labels, `${o.kind}/${o.metadata.name}: labels`);
      }
      // Nothing was persisted: a dry run leaves the namespace empty of what it "applied".
      const left = await kube.list(
        { apiVersion: 'v1', kind: 'ConfigMap' },
        {
          namespace,
          labels: { 'app.kubernetes.io/managed-by': 'oh-env' },
        },
      );
      assert.deepEqual(left, []);

      const dir = mkdtempSync(join(tmpdir(), 'oh-env-dry-run-'));
      try {
        const { execa } = await import('execa');
        const file = join(dir, 'manifests.yaml');
        writeFileSync(file, toYamlStream(applied));
        const r = await execa(
          tools.kubectl,
          ['--kubeconfig', tools.kubeconfig, 'apply', '--dry-run=server', '--validate=strict', '-f', file],
          { reject: false },
        );
        assert.equal(r.exitCode, 0, `${r.stderr}\n${r.stdout}`);
        const accepted = r.stdout.split('\n').filter((l) => / (created|configured) \(server dry run\)$/.test(l));
        assert.equal(accepted.length, applied.length, r.stdout);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
      if (skipped.length > 0)
        t.diagnostic(`not applied (CRD kinds): ${skipped.map((o) => `${o.kind}/${o.metadata.name}`).join(', ')}`);
    } finally {
      const deleted = await kube.deleteByLabel([{ apiVersion: 'v1', kind: 'Namespace' }], { labels: run });
      assert.ok(
        deleted.some((d) => d.metadata.name === namespace),
        'the namespace is found by its label and deleted',
      );
    }
  });
}

test('the driver reports what the apiserver rejects, with the object and the reason', async (t) => {
  const tools = await kubeTools(t);
  if (!tools) return;
  const kube = await connectKube({ kubeconfig: tools.kubeconfig });
  const bad = {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: 'bad', namespace: `ohe-missing-${process.pid}` },
    data: { A: 'x' },
    unknownField: true,
  };
  await assert.rejects(kube.apply([bad], { dryRun: true }), (e: Error & { code?: string }) => {
    assert.equal(e.code, 'E_KUBE_REJECTED');
    assert.match(e.message, /ConfigMap\/ohe-missing-\d+\/bad/);
    return true;
  });
  // YAML 1.1 is what the server reads: an unquoted `on` is a bool, and a ConfigMap holds only strings.
  const plain = { ...bad, metadata: { name: 'plain-on', namespace: 'default' }, unknownField: undefined };
  await assert.rejects(
    kube.apply([plain], {
      dryRun: true,
      encode: () =>
        'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: plain-on\n  namespace: default\ndata:\n  A: on\n',
    }),
    /plain-on/,
    'the apiserver rejects the unquoted form the emitter no longer writes',
  );
  assert.ok(await kube.apply([plain], { dryRun: true, encode: toYaml }));
});

test('connecting to a kubeconfig context that does not exist names the contexts there are', async (t) => {
  const tools = await kubeTools(t);
  if (!tools) return;
  await assert.rejects(
    connectKube({ kubeconfig: tools.kubeconfig, context: 'no-such-context' }),
    (e: Error & { code?: string; hint?: string }) => {
      assert.equal(e.code, 'E_CLUSTER_UNREACHABLE');
      assert.match(e.message, /no context "no-such-context"/);
      assert.match(e.hint ?? '', /use one of: /);
      return true;
    },
  );
});

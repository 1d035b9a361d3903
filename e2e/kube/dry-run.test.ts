// Contract: a real kube-apiserver (the lab's kwok control plane) accepts the rendered manifests:
// `kubectl apply --dry-run=server --validate=strict` runs admission, defaulting and the server's own field
// validation on every object. Each case is rendered into a throw-away namespace of its own (created for real,
// since namespaced dry-runs need it, and deleted afterwards), so the test never touches another test's
// namespace. CRD kinds (ServiceMonitor, PrometheusRule, ManagedCertificate: GKE only) are not installed on a
// bare API server; they are left out by name and listed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CRD_KINDS, kubeCases, parseManifests, renderManifests, toManifests } from './cases.js';
import { kubeTools } from './lab-access.js';

for (const c of kubeCases()) {
  test(`kube-apiserver accepts ${c.model} → ${c.target} (server-side dry run)`, async (t) => {
    const tools = await kubeTools(t);
    if (!tools) return;
    const { execa } = await import('execa');
    const kubectl = (args: string[], input?: string) =>
      execa(tools.kubectl, ['--kubeconfig', tools.kubeconfig, ...args], { reject: false, ...(input ? { input } : {}) });
    const namespace = `ohe-dry-${process.pid}-${c.id}`.slice(0, 63).replace(/-+$/, '');
    const objects = parseManifests(renderManifests(c, namespace));
    const namespaceObject = objects.find((o) => o.kind === 'Namespace');
    assert.equal(namespaceObject?.metadata.name, namespace, 'the render follows the target namespace');
    const skipped = objects.filter((o) => (CRD_KINDS as readonly string[]).includes(o.kind));
    const applied = objects.filter((o) => o.kind !== 'Namespace' && !skipped.includes(o));
    const dir = mkdtempSync(join(tmpdir(), 'oh-env-dry-run-'));
    const created = await kubectl(['create', '-f', '-'], toManifests([namespaceObject!]));
    assert.equal(created.exitCode, 0, created.stderr);
    try {
      const file = join(dir, 'manifests.yaml');
      writeFileSync(file, toManifests(applied));
      const r = await kubectl(['apply', '--dry-run=server', '--validate=strict', '-f', file]);
      assert.equal(r.exitCode, 0, `${r.stderr}\n${r.stdout}`);
      const accepted = r.stdout.split('\n').filter((l) => / (created|configured) \(server dry run\)$/.test(l));
      assert.equal(accepted.length, applied.length, r.stdout);
      if (skipped.length > 0)
        t.diagnostic(`not applied (CRD kinds): ${skipped.map((o) => `${o.kind}/${o.metadata.name}`).join(', ')}`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
      await kubectl(['delete', 'namespace', namespace, '--wait=false', '--ignore-not-found']);
    }
  });
}

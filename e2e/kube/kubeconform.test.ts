// Contract: every manifest oh-env renders for kind and gke, from every fixture model, is valid against the
// Kubernetes JSON Schemas in strict mode (unknown fields are errors), validated by the real kubeconform with
// the lab's offline schemas. CRD kinds without a schema are skipped by name and listed, never ignored silently;
// a known-bad manifest proves the schemas are really loaded.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CRD_KINDS, kubeCases, parseManifests, renderManifests } from './cases.js';
import { schemaTools } from './lab-access.js';

interface Resource {
  readonly filename: string;
  readonly kind: string;
  readonly name: string;
  readonly status: 'statusValid' | 'statusInvalid' | 'statusError' | 'statusSkipped' | 'statusEmpty';
  readonly msg: string;
}

async function kubeconform(tools: NonNullable<Awaited<ReturnType<typeof schemaTools>>>, files: string[]) {
  const { execa } = await import('execa');
  const r = await execa(
    tools.kubeconform,
    [
      '-strict',
      '-summary',
      '-verbose',
      '-output',
      'json',
      '-kubernetes-version',
      tools.kubernetesVersion,
      '-schema-location',
      tools.schemaLocation,
      '-skip',
      CRD_KINDS.join(','),
      ...files,
    ],
    { reject: false },
  );
  const out = JSON.parse(r.stdout) as { resources: Resource[] };
  return { exitCode: r.exitCode, resources: out.resources };
}

test('every kind and gke manifest passes kubeconform -strict', async (t) => {
  const tools = await schemaTools(t);
  if (!tools) return;
  const dir = mkdtempSync(join(tmpdir(), 'oh-env-kubeconform-'));
  try {
    const cases = kubeCases();
    assert.ok(cases.length >= 6, 'kind and gke cases of every fixture');
    const expected = new Map<string, string[]>();
    const files = cases.map((c) => {
      const path = join(dir, `${c.id}.yaml`);
      const text = renderManifests(c);
      writeFileSync(path, text);
      expected.set(
        path,
        parseManifests(text).map((o) => `${o.kind}/${o.metadata.name}`),
      );
      return path;
    });
    const { exitCode, resources } = await kubeconform(tools, files);
    const bad = resources.filter((r) => r.status === 'statusInvalid' || r.status === 'statusError');
    assert.deepEqual(
      bad.map((r) => `${r.filename}: ${r.kind}/${r.name}: ${r.msg}`),
      [],
      'no invalid manifest',
    );
    assert.equal(exitCode, 0);
    // Every rendered object was looked at: validated, or skipped because it is a CRD kind listed above.
    for (const [path, objects] of expected) {
      const seen = resources.filter((r) => r.filename === path).map((r) => `${r.kind}/${r.name}`);
      assert.deepEqual(seen.sort(), [...objects].sort(), `${path}: every object reported`);
    }
    const skipped = resources.filter((r) => r.status === 'statusSkipped');
    for (const r of skipped) assert.ok((CRD_KINDS as readonly string[]).includes(r.kind), `${r.kind} skipped`);
    const byKind = new Map<string, number>();
    for (const r of skipped) byKind.set(r.kind, (byKind.get(r.kind) ?? 0) + 1);
    t.diagnostic(
      `validated ${resources.length - skipped.length} objects in ${files.length} files; skipped (CRD kinds, no schema): ${
        [...byKind].map(([k, n]) => `${k} ×${n}`).join(', ') || 'none'
      }`,
    );
    assert.ok(byKind.get('ServiceMonitor'), 'the GKE renders do contain CRD kinds, skipped by name');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('the schemas are really used: an unknown field and a wrong type are rejected', async (t) => {
  const tools = await schemaTools(t);
  if (!tools) return;
  const dir = mkdtempSync(join(tmpdir(), 'oh-env-kubeconform-'));
  try {
    const path = join(dir, 'bad.yaml');
    writeFileSync(
      path,
      [
        'apiVersion: apps/v1\nkind: Deployment\nmetadata: { name: bad }\nspec:\n  replicas: "two"\n',
        '  selector: { matchLabels: { a: b } }\n  template:\n    metadata: { labels: { a: b } }\n',
        '    spec: { containers: [{ name: c, image: x:1, bogusField: 1 }] }\n',
      ].join(''),
    );
    const { exitCode, resources } = await kubeconform(tools, [path]);
    assert.notEqual(exitCode, 0);
    assert.equal(resources[0]?.status, 'statusInvalid', resources[0]?.msg);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

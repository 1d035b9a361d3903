// Contract: the Kubernetes Secret the secret source builds for each kind and gke case (created by `up` at apply
// time, never rendered) is valid against the Kubernetes JSON Schemas in strict mode, validated by the real
// kubeconform with the lab's offline schemas.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { diskReader } from '../../src/drivers/files.js';
import { awkwardValues } from '../../src/engine/secrets/awkward-values.js';
import { kubeSecretObject } from '../../src/engine/secrets/kube-secret.js';
import { loadModel } from '../../src/model/load.js';
import { toYaml } from '../../src/render/yaml.js';
import { kubeCases, ROOT } from './cases.js';
import { schemaTools } from './lab-access.js';

test('the environment Secret of every kind and gke case passes kubeconform -strict', async (t) => {
  const tools = await schemaTools(t);
  if (!tools) return;
  const dir = mkdtempSync(join(tmpdir(), 'oh-env-secret-object-'));
  try {
    const awkward = awkwardValues(64);
    const files = kubeCases().map((c) => {
      const env = loadModel({ cwd: ROOT, file: c.model, target: c.target }, diskReader).env;
      const values = new Map(
        Object.keys(env.secrets).map((n, i) => [n, { value: awkward[i % awkward.length]!, origin: 'store' as const }]),
      );
      const path = join(dir, `${c.id}.yaml`);
      writeFileSync(path, toYaml(kubeSecretObject(env, c.target, values)));
      return path;
    });
    const { execa } = await import('execa');
    const r = await execa(
      tools.kubeconform,
      ['-strict', '-summary', '-verbose', '-output', 'json', '-kubernetes-version', tools.kubernetesVersion].concat([
        '-schema-location',
        tools.schemaLocation,
        ...files,
      ]),
      { reject: false },
    );
    const out = JSON.parse(r.stdout) as { resources: { kind: string; status: string; msg: string }[] };
    assert.equal(r.exitCode, 0, r.stdout);
    assert.equal(out.resources.length, files.length);
    for (const res of out.resources) assert.equal(res.status, 'statusValid', `${res.kind}: ${res.msg}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

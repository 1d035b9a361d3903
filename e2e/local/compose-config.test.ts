// Contract: the real Docker Compose accepts every Compose file oh-env renders (every fixture model and the
// default model), resolves the secret references from the environment, and refuses clearly without them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { diskReader } from '../../src/drivers/files.js';
import { loadModel } from '../../src/model/load.js';
import { composeProject } from '../../src/render/local/compose-project.js';
import { renderLocal } from '../../src/render/local/index.js';
import { serviceConfigHash } from '../../src/targets/local/compose-hash.js';
import { resolveEnv } from '../../src/targets/local/container-spec.js';
import { compose, composeCli } from './compose-cli.js';

const ROOT = new URL('../../', import.meta.url).pathname;
const MODELS = [
  'fixtures/valid-minimal.yaml',
  'fixtures/valid-large.yaml',
  'fixtures/demo/oh-env.yaml',
  'envs/openhands.yaml',
];

function renderTo(dir: string, model: string) {
  const env = loadModel({ cwd: ROOT, file: model, target: 'local' }, diskReader).env;
  const file = join(dir, `${model.replace(/[/.]/g, '_')}.yml`);
  writeFileSync(file, renderLocal({ env, sources: [model] }).files[0]!.content);
  const secrets = Object.fromEntries(
    Object.values(composeProject(env).secrets).map((s) => [s.variable, 'dummy-value']),
  );
  return { file, secrets, env };
}

for (const model of MODELS) {
  test(`docker compose config accepts render local of ${model}`, async (t) => {
    const cli = composeCli(t);
    if (!cli) return;
    const dir = mkdtempSync(join(tmpdir(), 'oh-env-compose-config-'));
    try {
      const { file, secrets } = renderTo(dir, model);
      const r = await compose(cli, ['-f', file, 'config', '-q'], { env: secrets });
      assert.equal(r.exitCode, 0, `${r.stdout}\n${r.stderr}`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
}

test('oh-env computes the config hash docker compose computes, for every service of every fixture', async (t) => {
  const cli = composeCli(t);
  if (!cli) return;
  const dir = mkdtempSync(join(tmpdir(), 'oh-env-compose-hash-'));
  try {
    for (const model of MODELS) {
      const { file, secrets, env } = renderTo(dir, model);
      const r = await compose(cli, ['-f', file, 'config', '--hash', '*'], { env: secrets });
      assert.equal(r.exitCode, 0, r.stderr);
      const theirs = new Map(
        r.stdout
          .trim()
          .split('\n')
          .map((l) => l.split(' ') as [string, string]),
      );
      const values = new Map(Object.entries(secrets));
      for (const s of composeProject(env).services)
        assert.equal(serviceConfigHash(s, resolveEnv(s, values), dir), theirs.get(s.name), `${model}: ${s.name}`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('docker compose config names the missing secret and never prints a value', async (t) => {
  const cli = composeCli(t);
  if (!cli) return;
  const dir = mkdtempSync(join(tmpdir(), 'oh-env-compose-config-'));
  try {
    const { file, secrets } = renderTo(dir, 'envs/openhands.yaml');
    const missing = await compose(cli, ['-f', file, 'config', '-q'], { env: {} });
    assert.notEqual(missing.exitCode, 0);
    assert.match(missing.stderr, /OH_SECRET_DB_PASSWORD/);
    assert.match(missing.stderr, /secret "db-password" has no value/);
    const json = await compose(cli, ['-f', file, 'config', '--format', 'json'], { env: secrets });
    assert.equal(json.exitCode, 0, json.stderr);
    const cfg = JSON.parse(json.stdout) as {
      services: Record<string, { environment: Record<string, string>; ports?: { host_ip: string }[] }>;
    };
    assert.equal(cfg.services.app!.environment.DB_PASS, 'dummy-value');
    assert.equal(cfg.services.app!.ports?.[0]?.host_ip, '127.0.0.1');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

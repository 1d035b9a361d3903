// Secrets never appear in rendered files, plans, warnings or errors: every fixture model, rendered for every
// target, with known values in the secrets file AND in the process environment (where a renderer that reads
// process.env or the store would find them), contains none of them, raw or base64.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { goldenCases, renderCase, ROOT } from '../../../scripts/golden.js';
import { diskReader } from '../../drivers/files.js';
import { OhEnvError } from '../../errors.js';
import { loadModel } from '../../model/load.js';
import { secretVar } from '../../render/secret-names.js';
import { toDotenv } from './dotenv.js';
import { declaredSecrets } from './resolve.js';
import { secretManagerVersions } from './secret-manager.js';
import { ensureSecrets, secretStorePath } from './source.js';

/** Distinctive and awkward, so a leak through any escaping is still found. */
const known = (name: string, where: string): string => `LeakProbe-${where}-${name}-q'"$x #`;

const forms = (v: string): string[] => [v, Buffer.from(v).toString('base64'), JSON.stringify(v).slice(1, -1)];

test('no secret value in any render, plan or warning, for every fixture model and target', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'oh-env-no-leak-'));
  const saved = { ...process.env };
  t.after(() => {
    for (const k of Object.keys(process.env)) if (!(k in saved)) delete process.env[k];
    Object.assign(process.env, saved);
    rmSync(dir, { recursive: true, force: true });
  });
  let checked = 0;
  for (const c of goldenCases()) {
    let env;
    try {
      env = loadModel({ cwd: ROOT, file: c.model, target: c.target }, diskReader).env;
    } catch (e) {
      if (e instanceof OhEnvError) continue; // invalid for this target: the render is an ERROR.txt golden
      throw e;
    }
    const procEnv: Record<string, string> = { XDG_CONFIG_HOME: dir, HOME: dir };
    const names = Object.keys(env.secrets).sort();
    // Every other secret in the store, the rest in the process environment; generated ones get generated.
    const stored = names.filter((_, i) => i % 2 === 0).map((n) => [secretVar(n), known(n, 'store')] as const);
    for (const n of names.filter((_, i) => i % 2 === 1)) procEnv[secretVar(n)] = known(n, 'env');
    const path = secretStorePath(env.metadata.name, procEnv);
    rmSync(dirname(path), { recursive: true, force: true });
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, toDotenv(stored), { mode: 0o600 });
    const secrets = ensureSecrets(declaredSecrets(env), procEnv);
    Object.assign(process.env, procEnv);

    const values = [...secrets.values.values()].map((v) => v.value);
    assert.equal(values.length, names.length, `${c.model}: every secret has a value`);
    const out = [
      ...renderCase(c).map((f) => `${f.path}\n${f.content}`),
      JSON.stringify(secretManagerVersions(env, secrets.values)),
    ].join('\n');
    for (const v of values)
      for (const f of forms(v)) assert.ok(!out.includes(f), `${c.model} (${c.target}): a secret value leaked`);
    checked += values.length;
  }
  assert.ok(checked > 10, `only ${checked} values were checked`);
});

test('a missing-secret error names what is missing, and no value of the others', () => {
  const dir = mkdtempSync(join(tmpdir(), 'oh-env-no-leak-'));
  try {
    const env = loadModel({ cwd: ROOT, file: 'fixtures/valid-large.yaml', target: 'local' }, diskReader).env;
    const d = declaredSecrets(env);
    const missing = 'github-app-key';
    const given = Object.keys(d.secrets).filter((n) => n !== missing);
    assert.ok(d.secrets[missing]?.required && given.length > 2);
    const procEnv: Record<string, string> = { XDG_CONFIG_HOME: dir, HOME: dir };
    for (const n of given) procEnv[secretVar(n)] = known(n, 'env');
    assert.throws(
      () => ensureSecrets(d, procEnv),
      (e: unknown) => {
        assert.ok(e instanceof OhEnvError && e.code === 'E_SECRET_MISSING');
        const text = [e.message, e.hint ?? '', ...e.details].join('\n');
        assert.ok(text.includes(`"${missing}"`));
        for (const n of given) assert.ok(!text.includes(known(n, 'env')));
        return true;
      },
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

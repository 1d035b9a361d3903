import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EnvironmentSchema } from '../../model/schema.js';
import { composeProject } from '../../render/local/compose-project.js';
import { OhEnvError } from '../../errors.js';
import { ensureSecrets, formatSecret, generateValue, parseSecrets } from './secrets.js';

const project = (secrets: Record<string, unknown>) =>
  composeProject(
    EnvironmentSchema.parse({
      apiVersion: 'oh-env.dev/v1alpha1',
      kind: 'Environment',
      metadata: { name: 'sec' },
      secrets,
    }),
  );

test('values round-trip through the dotenv format, quoted when they must be', () => {
  for (const v of ['plain', 'with space', "it's", 'a$b"c', 'x=y', '']) {
    const text = formatSecret('K', v);
    assert.equal(parseSecrets(text).get('K'), v, text);
  }
  assert.equal(parseSecrets('# c\nexport A=1\nB = 2 # note\n').get('B'), '2');
});

test('generated values have the asked length and alphabet', () => {
  const v = generateValue(48);
  assert.equal(v.length, 48);
  assert.match(v, /^[A-Za-z0-9]+$/);
  assert.notEqual(generateValue(48), v);
});

test('generate once and keep; file mode 0600; required without value fails naming it and the file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'oh-env-secrets-'));
  try {
    const env = { XDG_CONFIG_HOME: dir, HOME: dir };
    const p = project({ jwt: { generate: { length: 20 } }, optional: { required: false } });
    const first = ensureSecrets(p, env);
    assert.deepEqual(first.generated, ['jwt']);
    assert.equal(first.path, join(dir, 'oh-env', 'sec', 'secrets.env'));
    assert.equal(statSync(first.path).mode & 0o777, 0o600);
    const second = ensureSecrets(p, env);
    assert.deepEqual(second.generated, []);
    assert.equal(second.values.get('OH_SECRET_JWT'), first.values.get('OH_SECRET_JWT'));

    const needs = project({ 'api-key': {} });
    assert.throws(
      () => ensureSecrets(needs, env),
      (e: unknown) =>
        e instanceof OhEnvError &&
        e.code === 'E_SECRET_MISSING' &&
        /"api-key"/.test(e.message) &&
        (e.hint ?? '').includes(first.path) &&
        e.details.some((d) => d.startsWith('OH_SECRET_API_KEY=')),
    );
    // A value from the process environment is used, but not written into the file.
    const viaEnv = ensureSecrets(needs, { ...env, OH_SECRET_API_KEY: 'from-env' });
    assert.equal(viaEnv.values.get('OH_SECRET_API_KEY'), 'from-env');
    assert.ok(!readFileSync(first.path, 'utf8').includes('from-env'));
    mkdirSync(join(dir, 'oh-env', 'sec'), { recursive: true });
    writeFileSync(first.path, 'OH_SECRET_API_KEY=from-file\n');
    assert.equal(ensureSecrets(needs, env).values.get('OH_SECRET_API_KEY'), 'from-file');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

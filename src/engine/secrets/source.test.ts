import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { OhEnvError } from '../../errors.js';
import { EnvironmentSchema } from '../../model/schema.js';
import { composeProject } from '../../render/local/compose-project.js';
import { parseDotenv } from './dotenv.js';
import { declaredSecrets } from './resolve.js';
import { ensureSecrets, secretStorePath } from './source.js';

const model = (secrets: Record<string, unknown>) =>
  EnvironmentSchema.parse({
    apiVersion: 'oh-env.dev/v1alpha1',
    kind: 'Environment',
    metadata: { name: 'sec' },
    secrets,
  });

function sandbox(): { env: Record<string, string>; dir: string; done: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'oh-env-secrets-'));
  return { env: { XDG_CONFIG_HOME: dir, HOME: dir }, dir, done: () => rmSync(dir, { recursive: true, force: true }) };
}

const mode = (p: string): number => statSync(p).mode & 0o777;

test('a generated value is created once, stored 0600 in a 0700 dir under XDG_CONFIG_HOME, and kept', () => {
  const sb = sandbox();
  try {
    const d = declaredSecrets(model({ jwt: { generate: { length: 20 } }, optional: { required: false } }));
    const first = ensureSecrets(d, sb.env);
    assert.equal(first.path, join(sb.dir, 'oh-env', 'sec', 'secrets.env'));
    assert.deepEqual(first.generated, ['jwt']);
    assert.equal(first.values.get('jwt')?.origin, 'generated');
    assert.match(first.values.get('jwt')!.value, /^[A-Za-z0-9]{20}$/);
    assert.equal(first.values.has('optional'), false);
    assert.equal(mode(first.path), 0o600);
    assert.equal(mode(dirname(first.path)), 0o700);
    assert.equal(parseDotenv(readFileSync(first.path, 'utf8')).get('OH_SECRET_JWT'), first.values.get('jwt')!.value);

    const second = ensureSecrets(d, sb.env);
    assert.deepEqual(second.generated, []);
    assert.deepEqual(second.values.get('jwt'), { value: first.values.get('jwt')!.value, origin: 'store' });
  } finally {
    sb.done();
  }
});

test('an existing secrets file (as earlier versions wrote it) is read and kept byte for byte', () => {
  const sb = sandbox();
  try {
    const path = secretStorePath('sec', sb.env);
    const before = [
      '# Secret values of the oh-env environment "sec" (local target). Keep this file private:',
      '# it is read by `oh-env up local` and by `docker compose --env-file <this file>`. Generated values are',
      '# kept; change one by editing its line.',
      'OH_SECRET_DB_PASSWORD=s3cr3t+/=',
      'OH_SECRET_LLM_API_KEY="sk \\"q\\" \\$x\\nline2"',
      "OH_SECRET_NOTE='two words'",
      'OH_SECRET_UNDECLARED=still-here',
    ].join('\n'); // no final newline: a hand edit
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, before, { mode: 0o644 });
    const d = declaredSecrets(
      model({
        'db-password': { generate: {} },
        'llm-api-key': {},
        note: { required: false },
        'jwt-secret': { generate: { length: 16 } },
      }),
    );
    const s = ensureSecrets(d, sb.env);
    assert.equal(s.values.get('db-password')?.value, 's3cr3t+/=');
    assert.equal(s.values.get('llm-api-key')?.value, 'sk "q" $x\nline2');
    assert.equal(s.values.get('note')?.value, 'two words');
    assert.deepEqual(s.generated, ['jwt-secret']);
    const after = readFileSync(path, 'utf8');
    assert.equal(after, `${before}\nOH_SECRET_JWT_SECRET=${s.values.get('jwt-secret')!.value}\n`);
    assert.equal(mode(path), 0o600, 'a loosened file is tightened');
  } finally {
    sb.done();
  }
});

test('the process environment overrides the store for one run and is never written', () => {
  const sb = sandbox();
  try {
    const d = declaredSecrets(model({ 'api-key': {}, jwt: { generate: {} } }));
    const path = secretStorePath('sec', sb.env);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, 'OH_SECRET_API_KEY=from-file\nOH_SECRET_JWT=\n');
    const s = ensureSecrets(d, { ...sb.env, OH_SECRET_API_KEY: 'from-env', OH_SECRET_JWT: '' });
    assert.deepEqual(s.values.get('api-key'), { value: 'from-env', origin: 'env' });
    // An empty value is no value (as ${VAR:?} says in the Compose file): the empty line gets a generated value.
    assert.deepEqual(s.generated, ['jwt']);
    const text = readFileSync(path, 'utf8');
    assert.ok(!text.includes('from-env'));
    assert.equal(parseDotenv(text).get('OH_SECRET_API_KEY'), 'from-file');
    assert.equal(ensureSecrets(d, sb.env).values.get('api-key')?.value, 'from-file');
  } finally {
    sb.done();
  }
});

test('required secrets without a value: one error listing all of them, and nothing is written', () => {
  const sb = sandbox();
  try {
    const d = declaredSecrets(model({ 'api-key': {}, 'b-token': {}, jwt: { generate: {} }, opt: { required: false } }));
    const path = secretStorePath('sec', sb.env);
    assert.throws(
      () => ensureSecrets(d, sb.env),
      (e: unknown) =>
        e instanceof OhEnvError &&
        e.code === 'E_SECRET_MISSING' &&
        e.message === 'secrets "api-key", "b-token" have no value' &&
        (e.hint ?? '').includes(path) &&
        (e.hint ?? '').includes('export OH_SECRET_API_KEY, OH_SECRET_B_TOKEN') &&
        e.details.join('|') === 'OH_SECRET_API_KEY=<value of api-key>|OH_SECRET_B_TOKEN=<value of b-token>',
    );
    // Not even the generated jwt was stored: the failed run left nothing behind.
    assert.equal(existsSync(dirname(path)), false);
  } finally {
    sb.done();
  }
});

test('one store for every target: the model and the Compose project get the same values', () => {
  const sb = sandbox();
  try {
    const env = model({ 'db-password': { generate: {} }, 'jwt-secret': { generate: { length: 64 } } });
    const local = ensureSecrets(composeProject(env), sb.env);
    const kube = ensureSecrets(declaredSecrets(env), sb.env);
    assert.equal(local.generated.length, 2);
    assert.deepEqual(kube.generated, []);
    for (const name of ['db-password', 'jwt-secret'])
      assert.equal(kube.values.get(name)?.value, local.values.get(name)?.value);
  } finally {
    sb.done();
  }
});

test('a line docker compose would read otherwise stops the run, naming the line but no value', () => {
  const sb = sandbox();
  try {
    const path = secretStorePath('sec', sb.env);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, 'OH_SECRET_A=ok\nOH_SECRET_B=pa$word\n');
    chmodSync(path, 0o600);
    assert.throws(
      () => ensureSecrets(declaredSecrets(model({ a: {}, b: {} })), sb.env),
      (e: unknown) =>
        e instanceof OhEnvError &&
        e.code === 'E_SECRETS_FILE' &&
        e.message.includes(path) &&
        /line 2/.test(e.message) &&
        !`${e.message}${e.hint ?? ''}`.includes('pa$word'),
    );
  } finally {
    sb.done();
  }
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { OhEnvError } from '../errors.js';
import { run } from './main.js';
import { splitTarget } from './model.js';

const usage = 'oh-env logs [local|kind|gke] [SERVICE]';

test('the target is the first positional when it names one; local otherwise', () => {
  assert.deepEqual(splitTarget([], 0, usage), { target: 'local', args: [] });
  assert.deepEqual(splitTarget(['kind'], 0, usage), { target: 'kind', args: [] });
  assert.deepEqual(splitTarget(['app'], 1, usage), { target: 'local', args: ['app'] });
  assert.deepEqual(splitTarget(['local', 'app'], 1, usage), { target: 'local', args: ['app'] });
  assert.deepEqual(splitTarget(['gke', 'app'], 1, usage), { target: 'gke', args: ['app'] });
  // A service named like a target: name the target first.
  assert.deepEqual(splitTarget(['local', 'kind'], 1, usage), { target: 'local', args: ['kind'] });
});

test('one argument too many: a misspelt target where none is taken, else an unexpected argument', () => {
  const refuses = (args: string[], max: number, message: RegExp) =>
    assert.throws(
      () => splitTarget(args, max, usage),
      (e: unknown) =>
        e instanceof OhEnvError &&
        e.code === 'E_USAGE' &&
        message.test(e.message) &&
        /local, kind, gke/.test(e.hint ?? ''),
    );
  refuses(['swarm'], 0, /^unknown target "swarm"$/);
  refuses(['local', 'extra'], 0, /^unexpected argument "extra"$/);
  refuses(['app', 'extra'], 1, /^unexpected argument "extra"$/);
});

async function cli(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await run(argv, {
    stdout: { write: (s: string) => (out += s) },
    stderr: { write: (s: string) => (err += s) },
    cwd: new URL('../../', import.meta.url).pathname,
    env: {},
  });
  return { code, out, err };
}

test('a target without the capability says "not available yet" before reading the model', async () => {
  for (const argv of [
    ['up', 'gke'],
    ['down', 'gke'],
    ['ps', 'gke'],
    ['logs', 'gke', 'app'],
    ['status', 'gke'],
    ['plan', 'kind'],
  ]) {
    const r = await cli([...argv, '-f', 'does-not-exist.yaml']);
    assert.equal(r.code, 1, `${argv.join(' ')}: ${r.err}`);
    assert.match(r.err, new RegExp(`E_NOT_IMPLEMENTED.*oh-env ${argv[0]} ${argv[1]} is not available yet`));
    assert.match(r.err, new RegExp(`oh-env render ${argv[1]}`));
  }
});

test('without a target, up/down/ps/logs/status take local and then read the model named by -f', async () => {
  for (const argv of [['up'], ['down'], ['ps'], ['logs', 'app', '--follow'], ['status']]) {
    const r = await cli([...argv, '-f', 'does-not-exist.yaml']);
    assert.equal(r.code, 2, `${argv.join(' ')}: ${r.err}`);
    assert.match(r.err, /E_MODEL_NOT_FOUND/, argv.join(' '));
  }
  const typo = await cli(['up', 'knd']);
  assert.equal(typo.code, 2);
  assert.match(typo.err, /unknown target "knd"/);
});

test('plan gke comes from the registry: the readable list, the script, the JSON', async () => {
  const f = ['-f', 'envs/openhands.yaml'];
  const text = await cli(['plan', 'gke', ...f]);
  assert.equal(text.code, 0, text.err);
  assert.match(text.out, /^GCP plan for "/);
  const script = await cli(['plan', 'gke', '--script', ...f]);
  assert.match(script.out, /gcloud /);
  const json = await cli(['plan', 'gke', '--json', ...f]);
  assert.ok(Array.isArray((JSON.parse(json.out) as { resources: unknown[] }).resources));
});

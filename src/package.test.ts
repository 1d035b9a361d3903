// The package as others see it: what package.json promises exists and loads, and the entry point refuses an
// older Node with a message that says what to do (instead of failing deep inside a dependency).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { run as runCommand } from './drivers/exec.js';

const ROOT = new URL('..', import.meta.url).pathname;
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
  name: string;
  bin: Record<string, string>;
  exports: Record<string, string>;
  engines: { node: string };
};

test('every file package.json exports or runs as a bin exists', () => {
  for (const path of [...Object.values(pkg.exports), ...Object.values(pkg.bin)])
    assert.ok(existsSync(join(ROOT, path)), `${path} is in package.json but does not exist`);
});

test('the main export loads by the package name and runs the CLI as a function', async () => {
  const api = (await import(pkg.name)) as typeof import('./index.js');
  assert.equal(typeof api.loadModel, 'function');
  assert.equal(typeof api.OhEnvError, 'function');
  let out = '';
  const io = {
    stdout: { write: (s: string) => (out += s) },
    stderr: { write: () => true },
    cwd: ROOT,
    env: {},
  };
  assert.equal(await api.run(['--version'], io), 0);
  assert.match(out, /^oh-env \d+\.\d+\.\d+/);
  const testing = (await import(`${pkg.name}/testing`)) as Record<string, unknown>;
  assert.equal(typeof testing.emulate, 'function');
});

const SYSTEM_NODE = '/usr/bin/node';

test('under an older Node the entry point says which version it needs and how to get it, exit code 1', async (t) => {
  if (!existsSync(SYSTEM_NODE)) return t.skip(`no ${SYSTEM_NODE} on this machine`);
  const needed = Number(/\d+/.exec(pkg.engines.node)![0]);
  const version = (await runCommand(SYSTEM_NODE, ['--version'])).stdout.trim();
  if (Number(/^v(\d+)/.exec(version)![1]) >= needed) return t.skip(`${SYSTEM_NODE} is ${version}: not older`);
  const r = await runCommand(SYSTEM_NODE, ['bin/oh-env.js', 'emulate', '-f', 'fixtures/demo/oh-env.yaml'], {
    cwd: ROOT,
    allowFailure: true,
  });
  assert.equal(r.exitCode, 1);
  assert.equal(r.stdout, '');
  assert.match(
    r.stderr,
    new RegExp(`^error\\[E_NODE_VERSION\\]: oh-env needs Node.js ${needed} or newer; this is Node.js ${version}`),
  );
  assert.match(r.stderr, /hint: .*`npm ci` once, then `npx oh-env …`/);
  assert.doesNotMatch(r.stderr, /E_INTERNAL|bind/);
  // The project's own Node passes the check.
  const ok = await runCommand(process.execPath, ['bin/oh-env.js', '--version'], { cwd: ROOT });
  assert.match(ok.stdout, /^oh-env /);
});

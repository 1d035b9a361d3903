import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { run, version } from './main.js';
import { COMMANDS } from './commands/index.js';

const root = new URL('../../', import.meta.url).pathname;

/** Runs the CLI in-process with captured streams. */
async function cli(argv: string[], cwd = root): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await run(argv, {
    stdout: { write: (s: string) => (out += s) },
    stderr: { write: (s: string) => (err += s) },
    cwd,
    env: {},
  });
  return { code, out, err };
}

test('--version prints the package version on stdout', async () => {
  const r = await cli(['--version']);
  assert.equal(r.code, 0);
  assert.equal(r.out, `oh-env ${version()}\n`);
  assert.match(version(), /^\d+\.\d+\.\d+/);
});

test('--help lists every command; every command has its own --help with usage and options', async () => {
  const top = await cli(['--help']);
  assert.equal(top.code, 0);
  for (const c of COMMANDS) {
    assert.match(top.out, new RegExp(`\\n  ${c.name}\\s`));
    const h = await cli([c.name, '--help']);
    assert.equal(h.code, 0, `${c.name} --help`);
    assert.match(h.out, new RegExp(`^Usage: oh-env ${c.name}`));
    assert.match(h.out, /--json/);
  }
});

test('no command prints help and exits 2; an unknown command exits 2 with a hint', async () => {
  assert.equal((await cli([])).code, 2);
  const r = await cli(['deploy']);
  assert.equal(r.code, 2);
  assert.match(r.err, /unknown command "deploy"/);
  assert.match(r.err, /hint: run `oh-env --help`/);
  assert.equal(r.out, '', 'errors never go to stdout');
});

test('an unknown flag is a usage error (exit 2)', async () => {
  const r = await cli(['validate', '--frobnicate']);
  assert.equal(r.code, 2);
  assert.match(r.err, /E_USAGE/);
});

test('validate reports every problem, exits 2, and --json carries the same issues on stdout', async () => {
  const r = await cli(['validate', '-f', 'fixtures/invalid-undeclared-refs.yaml']);
  assert.equal(r.code, 2);
  assert.match(r.err, /6 problems/);
  assert.match(r.err, /services\.app\.uses\[0\] {2}\(fixtures\/invalid-undeclared-refs\.yaml:\d+:\d+\)/);
  const j = await cli(['validate', '-f', 'fixtures/invalid-undeclared-refs.yaml', '--json']);
  assert.equal(j.code, 2);
  const body = JSON.parse(j.out) as { ok: boolean; error: { code: string; issues: { path: string }[] } };
  assert.equal(body.ok, false);
  assert.equal(body.error.code, 'E_MODEL_INVALID');
  assert.equal(body.error.issues.length, 6);
});

test('render of an invalid model writes nothing', async () => {
  const out = mkdtempSync(join(tmpdir(), 'oh-env-render-'));
  try {
    const r = await cli(['render', 'local', '-f', 'fixtures/invalid-types.yaml', '--out', out]);
    assert.equal(r.code, 2);
    assert.deepEqual(readdirSync(out), []);
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
});

test('render with a bad target is a usage error naming the targets', async () => {
  const r = await cli(['render', 'swarm']);
  assert.equal(r.code, 2);
  assert.match(r.err, /unknown target "swarm"/);
  assert.match(r.err, /local, kind, gke/);
});

test('validate of the default model succeeds for every target', async () => {
  const r = await cli(['validate', 'all', '--json']);
  assert.equal(r.code, 0, r.err);
  assert.equal((JSON.parse(r.out) as { results: unknown[] }).results.length, 3);
});

test('schema prints the JSON Schema', async () => {
  const r = await cli(['schema']);
  assert.equal(r.code, 0);
  const s = JSON.parse(r.out) as { properties: Record<string, unknown> };
  assert.ok(s.properties.services && s.properties.backends && s.properties.targets);
});

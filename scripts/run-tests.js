#!/usr/bin/env node
// One test entry point: `npm run test:unit` (fast inner loop) and `npm test` (everything CI runs).
// node --test is given explicit file lists because it expands no globs of .ts files by itself, and a run
// that finds no test file fails here instead of passing silently.
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const mode = process.argv[2] ?? 'unit';

/** Test files under the given folders, sorted so runs are repeatable. */
function findTests(dirs, skip = process.env.OH_ENV_KIND_E2E ? [] : ['e2e/lab-kind']) {
  const out = [];
  const walk = (dir) => {
    for (const name of readdirSync(dir)) {
      if (name === 'node_modules' || name === 'dist' || name.startsWith('.')) continue;
      const path = join(dir, name);
      if (skip.includes(relative(root, path))) continue;
      if (statSync(path).isDirectory()) walk(path);
      else if (/\.test\.tsx?$/.test(name)) out.push(relative(root, path));
    }
  };
  for (const d of dirs) {
    try {
      walk(join(root, d));
    } catch (e) {
      if (e.code !== 'ENOENT') throw e;
    }
  }
  return out.sort();
}

function step(title, cmd, args, env = {}) {
  const started = Date.now();
  process.stderr.write(`\n▶ ${title}: ${[cmd, ...args].join(' ')}\n`);
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } });
  process.stderr.write(
    `◀ ${title} ${r.status === 0 ? 'ok' : 'FAILED'} in ${((Date.now() - started) / 1000).toFixed(1)} s\n`,
  );
  if (r.status !== 0) process.exit(r.status ?? 1);
}

function runTests(title, dirs, extra = [], env = {}) {
  const files = findTests(dirs);
  if (files.length === 0) {
    process.stderr.write(`no test files found under ${dirs.join(', ')}: refusing to report success\n`);
    process.exit(1);
  }
  step(title, process.execPath, ['--import', 'tsx', '--test', '--test-reporter=spec', ...extra, ...files], env);
}

const unitDirs = ['src', 'tui', 'scripts', 'bench'];
if (mode === 'unit') {
  runTests('unit and golden tests', unitDirs);
} else if (mode === 'e2e') {
  step('lab (bring up what e2e needs)', process.execPath, ['--import', 'tsx', 'e2e/lab/cli.ts', 'up', '--for', 'e2e']);
  // The real-kind tests (e2e/lab-kind) run with `npm run test:kind`, not here yet: see docs/kind.md ("Tests").
  runTests('e2e and contract tests', ['e2e'], ['--test-concurrency=2', '--test-timeout=600000'], {
    TESTCONTAINERS_RYUK_DISABLED: 'true',
    TESTCONTAINERS_HOST_OVERRIDE: 'localhost',
  });
} else if (mode === 'kind') {
  step('lab (the kind set too)', process.execPath, ['--import', 'tsx', 'e2e/lab/cli.ts', 'up', '--for', 'all']);
  runTests('tests on real kind clusters', ['e2e/lab-kind'], ['--test-concurrency=1', '--test-timeout=900000'], {
    OH_ENV_KIND_E2E: '1',
  });
} else if (mode === 'all') {
  step('build', process.execPath, ['scripts/build.js']);
  step('typecheck', process.execPath, ['node_modules/typescript/bin/tsc', '--noEmit', '-p', '.']);
  // The layer rules (.dependency-cruiser.cjs): any violation fails.
  step('dependency rules', process.execPath, [
    'node_modules/dependency-cruiser/bin/dependency-cruiser.mjs',
    ...['src', 'tui', '--config', '.dependency-cruiser.cjs'],
  ]);
  step('lint', process.execPath, ['node_modules/eslint/bin/eslint.js', '.']);
  step('format check', process.execPath, ['node_modules/prettier/bin/prettier.cjs', '--check', '.']);
  runTests('unit and golden tests', unitDirs);
  step('e2e', process.execPath, [new URL(import.meta.url).pathname, 'e2e']);
} else {
  process.stderr.write(`unknown mode ${mode}: use unit, e2e or all\n`);
  process.exit(2);
}

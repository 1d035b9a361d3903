// Docs that cannot lie: every command in README.md and docs/*.md (see extract.ts for what counts) runs as
// written, in document order, one shell session per document: exit 0, or the exit code and output a
// transcript shows (rules.ts). Long-running ones (`logs --follow`, `emulate`) must print what the doc says and
// end on Ctrl-C; dashboards (`status --watch`, `up --watch`) run under tmux and must quit with q (exit 0).
// The allow-list of commands that are never run is rules.ts's SKIPPED.
//
// Isolation: the commands run in a fresh copy of the repository (so `render … --out` rewrites the copy's files,
// not this checkout's) with HOME, XDG_CONFIG_HOME and XDG_CACHE_HOME of their own (secrets files, locks and
// caches are the test's). The copy's demo model gets a unique environment name and host port, so a demo the
// user keeps running (`npm run demo`) is never touched and two runs never meet. Every document's environment
// is removed at its end (`down local --volumes`, then whatever still carries its Compose project label).
// OH_ENV_DOCS=README.md,docs/testing.md runs only those documents (while writing one; npm test runs all).
import { after, test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import {
  cpSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  realpathSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { randomBytes } from 'node:crypto';
import { parseDocument } from 'yaml';
import { freePort } from '../../src/drivers/net.js';
import { labEnv, labPaths } from '../lab/paths.js';
import { docker, labReady, ROOT } from '../local/harness.js';
import { documentedCommands } from './docs.js';
import { EXPECTED_EXIT, classify, longRunning, SKIPPED } from './rules.js';
import type { DocCommand } from './extract.js';
import {
  missingOutput,
  runDashboard,
  runToEnd,
  show,
  startLong,
  stateFileIn,
  type Running,
  type Session,
} from './session.js';

const DEMO = 'fixtures/demo/oh-env.yaml';
const RUN_TIMEOUT_MS = 300_000;
const READY_TIMEOUT_MS = 120_000;
const ONLY = process.env.OH_ENV_DOCS?.split(',');

// What a reader's shell passes on: the engine to use, the terminal, the locale, and CI (plain progress).
const PASSED_ON =
  /^(PATH|TERM|LANG|LC_\w+|TZ|CI|DOCKER_HOST|DOCKER_CONTEXT|DOCKER_CERT_PATH|DOCKER_TLS_VERIFY|TESTCONTAINERS_\w+)$/;

interface Copy {
  readonly dir: string;
  readonly project: string;
  readonly env: Record<string, string>;
}

/** A copy of the checkout with its own demo name and port, a home of its own, and `oh-env` on PATH. */
async function copyOfRepo(): Promise<Copy> {
  const base = mkdtempSync(join(tmpdir(), 'oh-env-docs-'));
  const dir = join(base, 'repo');
  cpSync(ROOT, dir, {
    recursive: true,
    preserveTimestamps: true, // bin/oh-env.js runs dist/ only when it is newer than the sources
    filter: (src) => !/^(node_modules|\.git)$/.test(relative(ROOT, src).split('/')[0] ?? ''),
  });
  symlinkSync(realpathSync(join(ROOT, 'node_modules')), join(dir, 'node_modules'));

  const project = `oh-env-demo-docs-${randomBytes(3).toString('hex')}`;
  const model = parseDocument(readFileSync(join(dir, DEMO), 'utf8'));
  model.setIn(['metadata', 'name'], project);
  model.setIn(['services', 'app', 'ports'], [{ name: 'http', port: 3000, publish: await freePort() }]);
  // docs/kind.md brings the demo up on kind: its host ports must be free ones too.
  model.setIn(['targets', 'kind', 'httpPort'], await freePort());
  model.setIn(['targets', 'kind', 'httpsPort'], await freePort());
  writeFileSync(join(dir, DEMO), model.toString());

  // `oh-env` as an installed CLI (npm link, npm i -g) puts it on PATH: the transcripts show it that way.
  const bin = join(base, 'bin');
  mkdirSync(bin);
  writeFileSync(join(bin, 'oh-env'), `#!/bin/sh\nexec "${process.execPath}" "${join(dir, 'bin/oh-env.js')}" "$@"\n`, {
    mode: 0o755,
  });
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (PASSED_ON.test(k) && v !== undefined) env[k] = v;
  Object.assign(env, {
    PATH: `${bin}:${process.env.PATH ?? ''}`,
    HOME: join(base, 'home'),
    XDG_CONFIG_HOME: join(base, 'config'),
    XDG_CACHE_HOME: join(base, 'cache'),
    // The lab's builds and tools, and the docker CLI's plugins and contexts, are the machine's, not the reader's.
    OH_ENV_LAB_CACHE: labPaths().cacheDir,
    DOCKER_CONFIG: process.env.DOCKER_CONFIG || join(process.env.HOME ?? '', '.docker'),
    npm_config_update_notifier: 'false',
    npm_config_fund: 'false',
  });
  mkdirSync(env.HOME!);
  return { dir, project, env };
}

/** Removes the copy's demo environment, whatever state the document's commands left it in. */
async function removeEnvironment(copy: Copy): Promise<void> {
  const s: Session = { cwd: copy.dir, env: copy.env, stateFile: stateFileIn(join(copy.dir, '..')) };
  await runToEnd(s, `oh-env down local --volumes -f ${DEMO} > /dev/null 2>&1`, 120_000);
  // The kind cluster docs/kind.md may have left (the lab's tools on PATH, as that document sets them).
  await runToEnd(
    { ...s, env: { ...s.env, ...labEnv() } },
    `oh-env down kind --cluster -f ${DEMO} > /dev/null 2>&1`,
    120_000,
  );
  const label = `label=com.docker.compose.project=${copy.project}`;
  for (const [kind, rm] of [
    ['ps', ['rm', '-f', '-v']],
    ['network', ['network', 'rm']],
    ['volume', ['volume', 'rm', '-f']],
  ] as const) {
    const ls = kind === 'ps' ? ['ps', '-aq', '--filter', label] : [kind, 'ls', '-q', '--filter', label];
    const ids = (await docker(ls, { reject: false })).stdout.split('\n').filter(Boolean);
    if (ids.length > 0) await docker([...rm, ...ids], { reject: false });
  }
}

const where = (c: DocCommand) => `${c.doc}:${c.line} \`${c.command}\``;

async function runCommand(t: TestContext, s: Session, c: DocCommand, background: Running[]): Promise<void> {
  const kind = classify(c);
  if (kind === 'skip') {
    t.diagnostic(`skipped ${where(c)}: ${SKIPPED[c.command]}`);
    return;
  }
  if (kind === 'dashboard') {
    const { ready, end } = await runDashboard(s, c.command, READY_TIMEOUT_MS);
    assert.ok(end.includes('EXIT=0'), `${where(c)}: q did not exit 0:\n${end.join('\n')}`);
    t.diagnostic(`${where(c)}: ${ready[0]?.trim()}`);
    return;
  }
  if (kind === 'long') {
    const rule = longRunning(c.command)!;
    const running = await startLong(s, c.command, rule, READY_TIMEOUT_MS);
    if (rule.untilEndOfBlock) {
      background.push(running);
      return;
    }
    const o = await running.stop();
    assert.ok(o.stoppedInTime, `${where(c)}: did not end on Ctrl-C:\n${show(o)}`);
    return;
  }
  const o = await runToEnd(s, c.command, RUN_TIMEOUT_MS);
  const expected = EXPECTED_EXIT[c.command] ?? 0;
  assert.equal(
    o.exitCode,
    expected,
    `${where(c)}: exit ${o.exitCode} (signal ${o.signal}), wanted ${expected}\n${show(o)}`,
  );
  const missing = missingOutput(c.output, o);
  assert.equal(missing, undefined, `${where(c)}: the output the doc shows is not printed: "${missing}"\n${show(o)}`);
}

async function stopAll(background: Running[]): Promise<void> {
  for (const r of background.splice(0).reverse()) {
    const o = await r.stop();
    assert.ok(o.stoppedInTime, `\`${r.command}\` did not end on Ctrl-C:\n${show(o)}`);
  }
}

// One test per document (each gets the whole per-test timeout), all in one copy of the repository.
let copy: Copy | undefined;
after(() => {
  if (copy) rmSync(join(copy.dir, '..'), { recursive: true, force: true });
});

for (const [doc, commands] of documentedCommands()) {
  if (commands.length === 0 || (ONLY && !ONLY.includes(doc))) continue;
  test(`every command in ${doc} runs as written`, async (t) => {
    if (!(await labReady(t))) return;
    copy ??= await copyOfRepo();
    const s: Session = { cwd: copy.dir, env: { ...copy.env }, stateFile: stateFileIn(join(copy.dir, '..')) };
    const background: Running[] = [];
    try {
      let block = -1;
      for (const c of commands) {
        if (c.block !== block) await stopAll(background);
        block = c.block;
        const t0 = Date.now();
        await runCommand(t, s, c, background);
        t.diagnostic(`${where(c)} ${classify(c)} ${Date.now() - t0} ms`);
      }
      await stopAll(background);
    } finally {
      for (const r of background) await r.stop(5_000);
      await removeEnvironment(copy);
    }
  });
}

// The fast half of the doc test (e2e/docs/commands.test.ts runs the commands): what counts as a documented
// command, and that the rule tables name only commands the docs still show.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { extractCommands, splitAnd } from '../e2e/docs/extract.js';
import { documentedCommands } from '../e2e/docs/docs.js';
import { classify, EXPECTED_EXIT, isDashboard, longRunning, SKIPPED } from '../e2e/docs/rules.js';
import { missingOutput } from '../e2e/docs/session.js';

const md = (...lines: string[]) => lines.join('\n');

test('extract: sh lines, comments, continuations, && and transcripts', () => {
  const doc = md(
    'intro `npx oh-env up` in prose is not a command',
    '```sh',
    '# a comment line',
    'npm ci && npm run demo    # two commands',
    'kubeconform -strict \\',
    '  -summary "a # not a comment" x.yaml',
    '',
    '```',
    '```ts',
    'const notShell = 1;',
    '```',
    '```text',
    'a table, no prompt',
    '```',
    '```text',
    '$ oh-env validate -f bad.yaml',
    'error[E_MODEL_INVALID]: 1 problem',
    '...',
    '$ echo "a && b"',
    '```',
  );
  assert.deepEqual(
    extractCommands('x.md', doc).map((c) => [c.line, c.block, c.command, c.output]),
    [
      [4, 0, 'npm ci', []],
      [4, 0, 'npm run demo', []],
      [5, 0, 'kubeconform -strict -summary "a # not a comment" x.yaml', []],
      [16, 3, 'oh-env validate -f bad.yaml', ['error[E_MODEL_INVALID]: 1 problem', '...']],
      [19, 3, 'echo "a && b"', []],
    ],
  );
  assert.deepEqual(splitAnd('eval "$(a && b)" && c'), ['eval "$(a && b)"', 'c']);
});

test('dashboards are the --watch commands on a terminal, not the piped or JSON ones', () => {
  assert.ok(isDashboard('npx oh-env status --watch -f x.yaml'));
  assert.ok(isDashboard('oh-env up local --watch'));
  assert.ok(!isDashboard("oh-env status --watch --json | jq -c '.'"));
  assert.ok(!isDashboard('oh-env status -f x.yaml'));
});

test('the rule tables name only commands the docs show (no stale allow-list entries)', () => {
  const shown = new Set([...documentedCommands().values()].flat().map((c) => c.command));
  for (const command of [...Object.keys(SKIPPED), ...Object.keys(EXPECTED_EXIT)])
    assert.ok(shown.has(command), `rules.ts lists \`${command}\`, which no document shows any more: remove it`);
  for (const [command, reason] of Object.entries(SKIPPED))
    assert.ok(reason.length > 10, `say why ${command} is skipped`);
});

test('a command that fails on purpose shows the output it promises', () => {
  for (const c of [...documentedCommands().values()].flat())
    if (c.command in EXPECTED_EXIT) assert.ok(c.output.length > 0, `${c.doc}:${c.line} shows no output for its error`);
});

test('every documented command is classified (run, long, dashboard or skip)', () => {
  const kinds = [...documentedCommands().values()].flat().map(classify);
  assert.ok(kinds.length > 20, 'the docs show commands');
  assert.ok(kinds.includes('dashboard') && kinds.includes('long') && kinds.includes('skip'));
});

test('a transcript matches when its lines appear in order, up to "..."; colours do not count', () => {
  const o = { stdout: '', stderr: '\u001b[31merror[E_X]\u001b[0m: bad\n  at a.yaml:1\n  hint: fix it\n' };
  assert.equal(missingOutput(['error[E_X]: bad', 'hint: fix it', '...', 'anything'], o), undefined);
  assert.equal(missingOutput(['hint: fix it', 'error[E_X]: bad'], o), 'error[E_X]: bad');
});

test('long-running rules: emulate is not mistaken for a command that reads .env.emulate', () => {
  assert.equal(longRunning('npx oh-env emulate -f x.yaml > .env.emulate')?.untilEndOfBlock, true);
  assert.equal(
    longRunning('docker run --rm --env-file .env.emulate oh-env-lab/demo-app:0.1.0')?.what,
    'the demo app answering /ready',
  );
  assert.equal(longRunning('npx oh-env logs app --follow -f x.yaml')?.what, 'log lines');
  assert.equal(longRunning('npx oh-env logs app --tail 5'), undefined);
});

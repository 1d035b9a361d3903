// The real `oh-env` binary on a real terminal (tmux) against a running demo environment: `up local`, then
// `status --watch`: every service healthy on screen, Enter shows logs, `r` restarts through Docker, `q` exits 0.
// Also the NDJSON of `status --json` against the published schema.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { demoModel, labReady, ROOT, sandbox } from '../local/harness.js';
import { terminal } from './tmux.js';

const BIN = join(ROOT, 'bin/oh-env.js');
const RESOURCES = ['app', 'files', 'migrate', 'postgres', 'redis'];

const row = (lines: string[], name: string): string | undefined =>
  lines.find((l) => new RegExp(`^[› ] ${name} `).test(l));

test('status --watch under tmux: all healthy, Enter shows logs, r restarts, q exits 0', async (t) => {
  if (!(await labReady(t))) return;
  const sb = await sandbox('tui');
  t.after(() => sb.cleanup());
  sb.write(demoModel(sb));
  const env = { ...sb.procEnv, NO_COLOR: '1', CI: '' };
  const oh = (args: string[]) =>
    execa(process.execPath, [BIN, ...args, '-f', 'oh-env.yaml'], { cwd: sb.dir, env, reject: false });

  const up = await oh(['up', 'local', '--progress', 'plain']);
  assert.equal(up.exitCode, 0, up.stderr);

  // NDJSON: every line valid against the committed schema, one resource.status per container.
  const json = await oh(['status', '--json']);
  assert.equal(json.exitCode, 0, json.stderr);
  const schema = JSON.parse(readFileSync(join(ROOT, 'schema/events.schema.json'), 'utf8'));
  const validate = new Ajv2020({ strict: true }).compile(schema);
  const events = json.stdout
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as { type: string; resource?: string });
  for (const e of events) assert.ok(validate(e), `${JSON.stringify(e)}: ${JSON.stringify(validate.errors)}`);
  assert.deepEqual(
    events
      .filter((e) => e.type === 'resource.status')
      .map((e) => e.resource)
      .sort(),
    RESOURCES,
  );
  assert.equal(events.at(-1)?.type, 'run.ended');

  const term = await terminal(`${process.execPath} ${BIN} status --watch -f oh-env.yaml`, {
    cwd: sb.dir,
    env,
    columns: 100,
    rows: 32,
  });
  t.after(() => term.close());
  const ready = await term.waitFor(
    'every service healthy',
    (ls) =>
      ['app', 'files', 'postgres', 'redis'].every((n) => /● healthy/.test(row(ls, n) ?? '')) &&
      /✔ exited\(0\)/.test(row(ls, 'migrate') ?? ''),
  );
  assert.match(ready[0]!, new RegExp(`^oh-env status ${sb.name} local .*● ready`));

  // The first row (app) is selected; Enter follows its logs (the demo app logs each request).
  await term.keys('Enter');
  await term.waitFor('the log view of app with lines', (ls) => {
    const i = ls.findIndex((l) => l.startsWith('logs of app'));
    return i >= 0 && ls.slice(i + 1).some((l) => /GET \/(ready|health)/.test(l));
  });
  await term.keys('Escape');
  await term.waitFor('the table again', (ls) => ls.some((l) => l.includes('NAME')));

  // `r` on redis (the last row): Docker restarts it; it is healthy again with a new age. (The ↻ column is
  // Docker's RestartCount: restarts by the restart policy, not this one.)
  await term
    .waitFor('redis one minute old at least', (ls) => !/ \ds oh-env-lab\/redi/.test(row(ls, 'redis') ?? ''), 15_000)
    .catch(() => undefined);
  await term.keys('G', 'r');
  await term.waitFor(
    'redis restarted',
    (ls) =>
      ls.some((l) => l.includes('restarted redis')) &&
      /● healthy +healthy .* \ds oh-env-lab\/redi/.test(row(ls, 'redis') ?? ''),
    60_000,
  );

  await term.keys('q');
  const end = await term.waitFor('the exit status', (ls) => ls.some((l) => l.startsWith('EXIT=')));
  assert.ok(end.includes('EXIT=0'), end.join('\n'));
});

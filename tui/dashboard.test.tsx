// @jsxRuntime automatic
// @jsxImportSource react
import { test, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { render as inkRender } from 'ink';
import { cleanup, render } from 'ink-testing-library';
import chalk from 'chalk';
import { reduceAll, type Snapshot } from '../src/events/reducer.js';
import { recording } from '../src/events/recordings.js';
import type { OhEnvEvent } from '../src/events/types.js';
import { Dashboard, type DashboardProps } from './components/Dashboard.js';
import { DashboardApp } from './DashboardApp.js';
import { SnapshotStore } from './store.js';
import { makeTheme, ThemeContext } from './theme.js';

afterEach(cleanup);

const NOW = 1_764_345_600_000;
const ESC = '\u001b';
const strip = (s: string): string => s.replace(new RegExp(`${ESC}\\[[0-9;]*m`, 'g'), '');
const lines = (frame: string | undefined): string[] => strip(frame ?? '').split('\n');

const started: OhEnvEvent = {
  type: 'run.started',
  time: NOW - 65_000,
  command: 'status',
  env: 'oh-env-demo',
  target: 'local',
  context: 'unix:///var/run/docker.sock',
};

function services(n: number, name = (i: number) => `svc-${String(i).padStart(2, '0')}`): OhEnvEvent[] {
  return Array.from({ length: n }, (_, i): OhEnvEvent => ({
    type: 'resource.status',
    time: NOW - 1000,
    resource: name(i),
    kind: 'service',
    state: 'healthy',
    health: 'healthy',
    image: `oh-env-lab/demo-app:0.1.${i}`,
    ports: [`127.0.0.1:${3000 + i}->3000/tcp`],
    restarts: 0,
    startedAt: NOW - 125_000,
  }));
}

function frame(snapshot: Snapshot, props: Partial<DashboardProps> = {}, color = false) {
  const r = render(
    <ThemeContext value={makeTheme(color)}>
      <Dashboard snapshot={snapshot} selected={0} offset={0} mode="table" width={60} height={30} now={NOW} {...props} />
    </ThemeContext>,
  );
  return r.lastFrame() ?? '';
}

const assertFits = (f: string, width: number, height: number): void => {
  const ls = lines(f);
  assert.ok(ls.length <= height, `${ls.length} lines > ${height}:\n${f}`);
  for (const l of ls) assert.ok([...l].length <= width, `line wider than ${width}: "${l}"`);
};

test('0 services: the header and a hint, within 60 columns', () => {
  const f = frame(reduceAll([started]));
  assertFits(f, 60, 30);
  const ls = lines(f);
  assert.match(ls[0]!, /^oh-env status oh-env-demo local unix:.*■ stopped · 1m$/);
  assert.ok(f.includes('no containers of this environment'));
  assert.match(ls.at(-1)!, /q quit/);
});

test('very long names are cut with an ellipsis and every line stays within 60 columns', () => {
  const long = (i: number) => `a-service-with-a-very-long-name-that-never-ends-number-${i}`;
  const f = frame(reduceAll([started, ...services(3, long)]));
  assertFits(f, 60, 30);
  const row = lines(f).find((l) => l.startsWith('› a-service-w'))!;
  assert.match(row, /^› a-service-w… +● healthy +3000->3000 /);
  // The detail panel shows the full name in its title, cut to the width.
  assert.ok(lines(f).some((l) => l.startsWith('── a-service-with')));
});

test('50 services at 30 lines: the table scrolls, the selection stays visible, a hint counts the hidden rows', () => {
  const s = reduceAll([started, ...services(50)]);
  const top = frame(s);
  assertFits(top, 60, 30);
  assert.ok(top.includes('svc-00'));
  assert.equal(top.includes('svc-49'), false);
  assert.match(lines(top).at(-1)!, /^rows 1–\d+ of 50 · /);
  const bottom = frame(s, { selected: 49, offset: 0 });
  assertFits(bottom, 60, 30);
  assert.match(
    lines(bottom).find((l) => l.includes('svc-49'))!,
    /^› svc-49/,
  );
  assert.equal(bottom.includes('svc-00 '), false);
  assert.match(lines(bottom).at(-1)!, /^rows \d+–50 of 50 · /);
});

test('wide terminals show every column; 60 columns keep name, state, ports, CPU and memory', () => {
  const s = reduceAll([
    started,
    ...services(2),
    { type: 'resource.stats', time: NOW, resource: 'svc-01', cpuPercent: 12.34, memoryBytes: 50 * 1024 * 1024 },
  ]);
  const wide = lines(frame(s, { width: 160 })).find((l) => l.includes('NAME'))!;
  for (const col of ['NAME', 'KIND', 'STATE', 'HEALTH', '↻', 'PORTS', 'CPU', 'MEM', 'AGE', 'IMAGE'])
    assert.ok(wide.includes(col), `${col} in "${wide}"`);
  const narrowFrame = frame(s, { width: 60 });
  const narrow = lines(narrowFrame).find((l) => l.includes('NAME'))!;
  for (const col of ['NAME', 'STATE', 'PORTS', 'CPU', 'MEM']) assert.ok(narrow.includes(col), `${col} in "${narrow}"`);
  assert.match(
    lines(narrowFrame).find((l) => l.includes('svc-01'))!,
    /12\.3% +50\.0MiB/,
  );
  assert.match(
    lines(frame(s, { width: 160 })).find((l) => l.includes('svc-00'))!,
    /service.*healthy.*2m .*oh-env-lab\/demo-app:0\.1\.0/,
  );
});

test('a failed job: red cross and exit code in the table, exit reason, logs and the error in view', () => {
  const s = reduceAll(recording('up-job-failed.ndjson'));
  const f = frame(s, { selected: s.resources.findIndex((r) => r.name === 'migrate'), width: 80 });
  assertFits(f, 80, 30);
  assert.match(lines(f)[0]!, /✖ failed/);
  assert.ok(
    lines(f).some((l) => /migrate +job +✖ exited\(1\)/.test(l)),
    f,
  );
  assert.ok(
    lines(f).some((l) => /^exit +code 1: exited with code 1$/.test(l)),
    f,
  );
  assert.ok(f.includes('password authentication failed'));
  assert.ok(
    lines(f).some((l) => l.startsWith('error E_JOB_FAILED: migrate: job migrate exited with code 1')),
    f,
  );
  assert.ok(
    lines(f).some((l) => /✖ run job migrate/.test(l)),
    'the failed step is listed',
  );
});

test('the detail panel lists env keys, never values, and the last health output', () => {
  const s = reduceAll(recording('up-demo-ok.ndjson'));
  const f = frame(s, { selected: 0, width: 80 });
  assert.ok(
    lines(f).some((l) => /^env +DB_HOST DB_PASS FILE_STORE REDIS_HOST$/.test(l)),
    f,
  );
  assert.ok(
    lines(f).some((l) => /^health +\{"ready": true\}$/.test(l)),
    f,
  );
  assert.ok(f.includes('demo app listening on :3000'));
});

test('colour only when the theme has it (NO_COLOR); symbols carry the state either way', (t) => {
  // Ink colours through chalk, which sees no terminal under the test runner.
  const level = chalk.level;
  chalk.level = 1;
  t.after(() => (chalk.level = level));
  const s = reduceAll(recording('up-job-failed.ndjson'));
  const plain = frame(s, {}, false);
  assert.equal(plain.includes(`${ESC}[3`), false);
  const coloured = frame(s, {}, true);
  assert.ok(coloured.includes(`${ESC}[31m`), 'red for the failure');
  assert.equal(strip(coloured), strip(plain));
});

test('logs and help views', () => {
  const s = reduceAll(recording('up-demo-ok.ndjson'));
  const logs = frame(s, { mode: 'logs' });
  assert.match(lines(logs)[1]!, /^logs of app \(following/);
  assert.ok(logs.includes('demo app listening on :3000'));
  const help = frame(s, { mode: 'help', width: 80 });
  assert.ok(help.includes('quit the dashboard; the environment keeps running'));
});

const tick = () => new Promise((r) => setTimeout(r, 30));

test('the container: j/k move, Enter follows logs, r restarts through the callback, q quits', async () => {
  const store = new SnapshotStore(undefined, 0);
  for (const e of [started, ...services(3)]) store.emit(e);
  const calls: string[] = [];
  let quit = 0;
  const r = render(
    <DashboardApp
      store={store}
      now={() => NOW}
      size={{ columns: 70, rows: 30 }}
      onQuit={() => (quit += 1)}
      actions={{
        restart: async (n) => void calls.push(`restart ${n}`),
        followLogs: (n) => void calls.push(`follow ${n}`),
      }}
    />,
  );
  await tick();
  assert.match(
    lines(r.lastFrame()).find((l) => l.startsWith('›'))!,
    /svc-00/,
  );
  r.stdin.write('j');
  await tick();
  r.stdin.write('j');
  await tick();
  r.stdin.write('k');
  await tick();
  assert.match(
    lines(r.lastFrame()).find((l) => l.startsWith('›'))!,
    /svc-01/,
  );
  r.stdin.write('r');
  await tick();
  assert.deepEqual(calls, ['restart svc-01']);
  assert.ok(r.lastFrame()?.includes('restarted svc-01'));
  store.emit({ type: 'log', time: NOW, resource: 'svc-01', stream: 'stdout', line: 'hello from svc-01' });
  r.stdin.write('\r');
  await tick();
  assert.deepEqual(calls, ['restart svc-01', 'follow svc-01']);
  assert.ok(lines(r.lastFrame()).some((l) => l.startsWith('logs of svc-01')));
  store.emit({ type: 'log', time: NOW, resource: 'svc-01', stream: 'stdout', line: 'a new line arrives' });
  await tick();
  assert.ok(r.lastFrame()?.includes('a new line arrives'), 'the log view follows');
  r.stdin.write(ESC);
  await tick();
  assert.ok(r.lastFrame()?.includes('NAME'));
  assert.equal(quit, 0);
  r.stdin.write('q');
  await tick();
  assert.equal(quit, 1);
});

test('the selection follows its resource when rows are added above it; a status change is re-rendered', async () => {
  const store = new SnapshotStore(undefined, 0);
  for (const e of [started, ...services(2, (i) => `m-${i}`)]) store.emit(e);
  const r = render(<DashboardApp store={store} now={() => NOW} size={{ columns: 70, rows: 30 }} onQuit={() => {}} />);
  await tick();
  r.stdin.write('j');
  await tick();
  store.emit({ ...(services(1, () => 'a-first')[0] as OhEnvEvent) });
  store.emit({
    type: 'resource.status',
    time: NOW,
    resource: 'm-1',
    kind: 'service',
    state: 'unhealthy',
    health: 'unhealthy',
  });
  await tick();
  assert.match(
    lines(r.lastFrame()).find((l) => l.startsWith('›'))!,
    /m-1 .*✖ unhealthy/,
  );
});

test('no raw mode on a stdin that is not a terminal: it renders and does not throw', async () => {
  const stdin = new PassThrough() as unknown as NodeJS.ReadStream;
  let out = '';
  const stdout = Object.assign(new PassThrough(), { columns: 60, rows: 20, isTTY: false });
  stdout.on('data', (c: Buffer) => (out += c.toString()));
  const store = new SnapshotStore(undefined, 0);
  store.emit(started);
  const app = inkRender(<DashboardApp store={store} now={() => NOW} onQuit={() => {}} />, {
    stdin,
    stdout: stdout as unknown as NodeJS.WriteStream,
    exitOnCtrlC: false,
    patchConsole: false,
  });
  await tick();
  app.unmount();
  await app.waitUntilExit();
  assert.ok(strip(out).includes('oh-env status oh-env-demo'));
});

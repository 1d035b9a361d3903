// `npm run bench -- dashboard`: the dashboard (`oh-env status --watch`, the real binary on a tmux terminal)
// watching 20 running containers of one Compose project while nothing changes: its process's CPU (share of one
// core) and resident memory over a window; then the latency from Docker's event (its timeNano) to the frame
// that shows the change, for kills and starts. Creates its own containers (lab image, labelled) and removes them.
import { execa } from 'execa';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { request } from 'node:http';
import { terminal } from '../e2e/tui/tmux.js';

const ROOT = new URL('..', import.meta.url).pathname;
const IMAGE = 'oh-env-lab/debian:bookworm';
const N = Number(process.env.BENCH_SERVICES ?? 20);
const IDLE_S = Number(process.env.BENCH_IDLE_SECONDS ?? 30);
const TRIALS = Number(process.env.BENCH_TRIALS ?? 5);
const project = `oh-env-bench-${randomBytes(3).toString('hex')}`;
const dir = mkdtempSync(join(tmpdir(), `${project}-`));
const docker = (args: string[]) => execa('docker', args);
const names = Array.from({ length: N }, (_, i) => `svc-${String(i + 1).padStart(2, '0')}`);

const ticks = (pid: number): number => {
  // utime + stime of /proc/<pid>/stat, in clock ticks (fields 14 and 15, after the command name).
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return Number(fields[11]) + Number(fields[12]);
};
const rssMb = (pid: number): number =>
  Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;
const CLK_TCK = Number((await execa('getconf', ['CLK_TCK'])).stdout);

/** Docker's events for the project, with their engine-side times (ns), as the dashboard gets them. */
function engineEvents(onEvent: (e: { action: string; service: string; timeNano: number }) => void): () => void {
  const filters = encodeURIComponent(JSON.stringify({ label: [`com.docker.compose.project=${project}`] }));
  const req = request({ socketPath: '/var/run/docker.sock', path: `/events?filters=${filters}` }, (res) => {
    let rest = '';
    res.on('data', (c: Buffer) => {
      const lines = (rest + c.toString()).split('\n');
      rest = lines.pop() ?? '';
      for (const l of lines) {
        if (!l.trim()) continue;
        const e = JSON.parse(l) as { Action: string; timeNano: number; Actor: { Attributes: Record<string, string> } };
        onEvent({
          action: e.Action,
          service: e.Actor.Attributes['com.docker.compose.service'] ?? '',
          timeNano: e.timeNano,
        });
      }
    });
  });
  req.end();
  return () => req.destroy();
}

const ids: string[] = [];
let createdAt = 0;
let term: Awaited<ReturnType<typeof terminal>> | undefined;
try {
  for (const name of names) {
    const r = await docker([
      'run',
      '-d',
      '--name',
      `${project}-${name}-1`,
      '--label',
      `com.docker.compose.project=${project}`,
      '--label',
      `com.docker.compose.service=${name}`,
      '--label',
      'dev.oh-env.kind=service',
      '--health-cmd',
      'true',
      '--health-interval',
      '5s',
      IMAGE,
      'sleep',
      'infinity',
    ]);
    ids.push(r.stdout.trim());
  }
  createdAt = Date.now();
  writeFileSync(
    join(dir, 'oh-env.yaml'),
    `apiVersion: oh-env.dev/v1alpha1\nkind: Environment\nmetadata:\n  name: ${project}\ntargets:\n  local:\n    project: ${project}\n`,
  );
  term = await terminal(`${process.execPath} ${join(ROOT, 'bin/oh-env.js')} status --watch -f oh-env.yaml`, {
    cwd: dir,
    // BENCH_NODE_OPTIONS (e.g. --cpu-prof) reaches the dashboard process only.
    env: { ...process.env, NO_COLOR: '1', CI: '', NODE_OPTIONS: process.env.BENCH_NODE_OPTIONS ?? '' },
    columns: 120,
    rows: 40,
  });
  const t = term;
  const row = (ls: string[], name: string) => ls.find((l) => new RegExp(`^[› ] ${name} `).test(l)) ?? '';
  await t.waitFor(`${N} healthy rows`, (ls) => names.every((n) => /● healthy/.test(row(ls, n))), 60_000);
  const panePid = Number((await execa('tmux', ['-S', t.socket, 'display', '-p', '-t', 'main', '#{pane_pid}'])).stdout);
  const pid = Number((await execa('pgrep', ['-P', String(panePid), '-f', 'oh-env.js'])).stdout.split('\n')[0]);

  // Idle, twice: during the first minute (elapsed time and ages move every second, one frame a second) and
  // in the steady state after it (minutes are shown: a frame every 10 s), once the stats streams have settled.
  const idle = async (): Promise<{ cpu: number; rss: number }> => {
    const c0 = ticks(pid);
    const w0 = Date.now();
    await new Promise((r) => setTimeout(r, IDLE_S * 1000));
    return { cpu: ((ticks(pid) - c0) / CLK_TCK / ((Date.now() - w0) / 1000)) * 100, rss: rssMb(pid) };
  };
  await new Promise((r) => setTimeout(r, 5000));
  const firstMinute = await idle();
  await new Promise((r) => setTimeout(r, Math.max(0, 65_000 - (Date.now() - createdAt))));
  const steady = await idle();

  // Latency: kill a container (die → exited(137)), then start it (start → healthy after its check).
  const seen = new Map<string, number>();
  const stop = engineEvents((e) => seen.set(`${e.service}:${e.action}`, e.timeNano / 1e6));
  const latencies: { change: string; ms: number }[] = [];
  const frameAfter = async (what: string, key: string, check: (l: string) => boolean): Promise<void> => {
    for (;;) {
      const ls = await t.screen();
      if (check(row(ls, what.split(' ')[0]!))) {
        const shownAt = Date.now();
        const at = seen.get(key);
        if (at === undefined) throw new Error(`no engine event ${key}`);
        latencies.push({ change: what, ms: shownAt - at });
        return;
      }
      await new Promise((r) => setTimeout(r, 5));
    }
  };
  for (let i = 0; i < TRIALS; i++) {
    const name = names[(i * 7) % N]!;
    const id = ids[(i * 7) % N]!;
    seen.clear();
    await docker(['kill', id]);
    await frameAfter(`${name} die`, `${name}:die`, (l) => /✖ exited\(137\)/.test(l));
    await docker(['start', id]);
    await frameAfter(`${name} start`, `${name}:start`, (l) => /◐ starting|● healthy/.test(l));
  }
  stop();
  await t.keys('q');
  const sorted = latencies.map((l) => l.ms).sort((a, b) => a - b);
  const p = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
  const median = p(0.5).toFixed(0);
  const max = sorted.at(-1)!.toFixed(0);
  process.stdout.write(
    [
      `| services | phase | CPU, % of one core (${IDLE_S} s window) | RSS (MB) |`,
      '|---|---|---|---|',
      `| ${N} | first minute (1 frame/s) | ${firstMinute.cpu.toFixed(2)} | ${firstMinute.rss.toFixed(0)} |`,
      `| ${N} | steady, after the first minute | ${steady.cpu.toFixed(2)} | ${steady.rss.toFixed(0)} |`,
      '',
      `Docker event → frame (${sorted.length} changes: kill → exited(137), start → starting): median ${median} ms, max ${max} ms`,
      '',
    ].join('\n'),
  );
  process.stderr.write(`${latencies.map((l) => `${l.change}: ${l.ms.toFixed(0)} ms`).join('\n')}\n`);
} finally {
  await term?.close();
  if (ids.length > 0) await docker(['rm', '-f', ...ids]).catch(() => undefined);
  rmSync(dir, { recursive: true, force: true });
}

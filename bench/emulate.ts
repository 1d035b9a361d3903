// `npm run bench -- emulate [--no-suite]`: how fast the testing API gives a model's backends as emulators.
//  - ready: emulate() until it returns (bucket + Postgres + Redis, migrations when the model's job image is
//    there), cold (first in this process) and warm (median of the next runs: images present, modules loaded);
//  - reset: emu.reset() (database restored from the template snapshot, Redis flushed, bucket emptied);
//  - the contract suite (e2e/contract) wall time, run as `npm test` runs it (concurrency 2).
// Prints a Markdown table for docs/benchmarks.md (## Emulators). Targets: warm ready < 5 s, reset < 300 ms.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { emulate, type Emulation } from '../src/testing/index.js';

const ROOT = new URL('..', import.meta.url).pathname;
const WARM_RUNS = 3;
const RESETS = 20;

const median = (xs: readonly number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;
const p95 = (xs: readonly number[]): number =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.ceil(xs.length * 0.95) - 1)] ?? NaN;
const ms = (x: number): string => `${Math.round(x)}`;

interface Case {
  readonly label: string;
  readonly model: string;
  readonly migrations: boolean;
}

// The default model's migrations image (enterprise-server) cannot be pulled offline; the demo model's can run.
const CASES: readonly Case[] = [
  { label: 'default model (envs/openhands.yaml), no migrations', model: 'envs/openhands.yaml', migrations: false },
  {
    label: 'demo model (fixtures/demo), with its migrations job',
    model: 'fixtures/demo/oh-env.yaml',
    migrations: true,
  },
];

async function timed(c: Case): Promise<{ ms: number; emu: Emulation; steps: Record<string, number> }> {
  const steps: Record<string, number> = {};
  const t0 = performance.now();
  const emu = await emulate(c.model, {
    cwd: ROOT,
    migrations: c.migrations,
    onStep: (s, d) => (steps[s.split(' ')[0] ?? s] = d),
  });
  return { ms: performance.now() - t0, emu, steps };
}

const rows: string[] = [];
for (const c of CASES) {
  const cold = await timed(c);
  await cold.emu.stop();
  const warm: number[] = [];
  const stepRuns: Record<string, number>[] = [];
  let last: Emulation | undefined;
  for (let i = 0; i < WARM_RUNS; i++) {
    const run = await timed(c);
    warm.push(run.ms);
    stepRuns.push(run.steps);
    if (i < WARM_RUNS - 1) await run.emu.stop();
    else last = run.emu;
  }
  const resets: number[] = [];
  for (let i = 0; i < RESETS; i++) {
    const t0 = performance.now();
    await last!.reset();
    resets.push(performance.now() - t0);
  }
  const t0 = performance.now();
  await last!.stop();
  const stopMs = performance.now() - t0;
  const step = (name: string): string => ms(median(stepRuns.map((s) => s[name] ?? 0)));
  rows.push(
    `| ${c.label} | ${ms(cold.ms)} | ${ms(median(warm))} | ${step('bucket')} / ${step('postgres')} / ${step('redis')} / ${c.migrations ? step('migrations') : '–'} | ${ms(median(resets))} / ${ms(p95(resets))} | ${ms(stopMs)} |`,
  );
  process.stderr.write(`${rows.at(-1)}\n`);
}

let suite = '';
if (!process.argv.includes('--no-suite')) {
  const files = readdirSync(join(ROOT, 'e2e/contract'))
    .filter((f) => f.endsWith('.test.ts'))
    .map((f) => `e2e/contract/${f}`);
  const t0 = performance.now();
  const r = spawnSync(
    process.execPath,
    ['--import', 'tsx', '--test', '--test-concurrency=2', '--test-reporter=dot', ...files],
    {
      cwd: ROOT,
      env: { ...process.env, TESTCONTAINERS_RYUK_DISABLED: 'true', TESTCONTAINERS_HOST_OVERRIDE: 'localhost' },
      encoding: 'utf8',
    },
  );
  const wall = (performance.now() - t0) / 1000;
  suite = `Contract suite (e2e/contract, ${files.length} files, concurrency 2): ${wall.toFixed(1)} s wall, exit code ${r.status}.`;
  process.stderr.write(`${suite}\n`);
}

process.stdout.write(
  [
    '| model | ready, first in the process (ms) | ready warm, median of 3 (ms) | warm steps: bucket / postgres / redis / migrations (ms) | reset median / p95 of 20 (ms) | stop (ms) |',
    '|---|---|---|---|---|---|',
    ...rows,
    '',
    suite,
    '',
  ].join('\n'),
);

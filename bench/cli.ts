// CLI speed: `oh-env --version` and `oh-env render <target>` of the default model (wall time of the real
// binary, median of several runs), and validate+render of generated models of 100/200/500 services for all
// three targets (time and peak RSS per size, each in its own process). Run: npm run bench -- cli
import { execFileSync } from 'node:child_process';

const root = new URL('..', import.meta.url).pathname;
const node = process.execPath;
const runs = Number(process.env.BENCH_RUNS ?? 15);

// Time the bundle exactly as shipped: build it now, and tell bin/oh-env.js not to fall back to the sources.
execFileSync(node, ['scripts/build.js'], { cwd: root, stdio: 'inherit' });

function wall(args: string[]): number {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    execFileSync(node, ['bin/oh-env.js', ...args], {
      cwd: root,
      stdio: ['ignore', 'ignore', 'ignore'],
      env: { ...process.env, OH_ENV_BUNDLE: '1' },
    });
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  return Math.round(times[Math.floor(times.length / 2)]!);
}

const rows: string[] = ['| command | median wall (ms) | target |', '|---|---|---|'];
rows.push(`| \`oh-env --version\` | ${wall(['--version'])} | < 150 |`);
for (const t of ['local', 'kind', 'gke'])
  rows.push(`| \`oh-env render ${t}\` (default model) | ${wall(['render', t])} | < 300 |`);
rows.push(
  '',
  '| generated model | validate + render local, kind, gke (ms) | peak RSS (MB) | output (KB) |',
  '|---|---|---|---|',
);
for (const n of [100, 200, 500]) {
  const out = JSON.parse(
    execFileSync(node, ['--import', 'tsx', 'bench/render-size.ts', String(n)], { cwd: root }).toString(),
  ) as {
    ms: number;
    maxRssMB: number;
    outputKB: number;
  };
  rows.push(`| ${n} services | ${out.ms} | ${out.maxRssMB} | ${out.outputKB} |`);
}
process.stdout.write(`${rows.join('\n')}\n`);

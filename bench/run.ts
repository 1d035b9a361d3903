// `npm run bench -- <name>`: runs bench/<name>.ts (each benchmark prints a Markdown table for docs/benchmarks.md).
import { execFileSync } from 'node:child_process';
import { readdirSync } from 'node:fs';

const name = process.argv[2];
const here = new URL('.', import.meta.url).pathname;
const available = readdirSync(here)
  .filter(
    (f) =>
      f.endsWith('.ts') && !['run.ts', 'generate-model.ts', 'render-size.ts'].includes(f) && !f.endsWith('.test.ts'),
  )
  .map((f) => f.replace(/\.ts$/, ''));
if (!name || !available.includes(name)) {
  process.stderr.write(`usage: npm run bench -- <${available.join('|')}>\n`);
  process.exit(2);
}
// `npm run bench -- up-local -- --runs 3` hands the inner `--` through; the benchmarks' parseArgs would refuse it.
const rest = process.argv.slice(3).filter((a, i) => !(i === 0 && a === '--'));
execFileSync(process.execPath, ['--import', 'tsx', `${here}${name}.ts`, ...rest], {
  stdio: 'inherit',
});

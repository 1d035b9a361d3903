// Child process of bench/cli.ts: validate + render a generated model of N services for every target, print
// {n, ms, maxRssMB} as JSON. Run in its own process so peak memory belongs to that size alone.
import { stringify } from 'yaml';
import { generatedModel } from './generate-model.js';
import { loadModel } from '../src/model/load.js';
import { render } from '../src/targets/registry.js';
import { TARGETS } from '../src/model/schema.js';

const n = Number(process.argv[2] ?? 100);
const text = stringify(generatedModel(n));
const fs = { exists: (p: string) => p === '/bench/oh-env.yaml', read: () => text };
const started = performance.now();
let bytes = 0;
for (const target of TARGETS) {
  const loaded = loadModel({ cwd: '/bench', target }, fs);
  for (const f of render({ env: loaded.env, sources: ['oh-env.yaml'] }, target).files) bytes += f.content.length;
}
const ms = performance.now() - started;
process.stdout.write(
  `${JSON.stringify({ n, ms: Math.round(ms), maxRssMB: Math.round(process.resourceUsage().maxRSS / 1024), outputKB: Math.round(bytes / 1024) })}\n`,
);

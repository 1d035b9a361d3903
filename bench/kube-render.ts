// `npm run bench -- kube-render`: kind and gke renders of generated models (100/200/500 services), and how
// much of each is YAML emission — the yaml library's stringify vs render/yaml-emit.ts on the same objects.
// Prints a Markdown table (median of 3 runs per cell, after one warm-up).
import { parseAllDocuments, stringify } from 'yaml';
import { generatedModel } from './generate-model.js';
import { loadModel } from '../src/model/load.js';
import { render } from '../src/targets/registry.js';
import { canonical } from '../src/render/yaml.js';
import { emitYaml, YAML_OPTIONS } from '../src/render/yaml-emit.js';

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const time = (f: () => unknown): number => {
  f();
  return median(
    [0, 1, 2].map(() => {
      const t0 = performance.now();
      f();
      return performance.now() - t0;
    }),
  );
};

const rows = [
  '| services | target | render (ms) | manifests (KB) | YAML: yaml lib (ms) | YAML: yaml-emit (ms) |',
  '|---|---|---|---|---|---|',
];
for (const n of [100, 200, 500]) {
  const text = stringify(generatedModel(n));
  const fs = { exists: (p: string) => p === '/bench/oh-env.yaml', read: () => text };
  for (const target of ['kind', 'gke'] as const) {
    const env = loadModel({ cwd: '/bench', target }, fs).env;
    let manifests = '';
    const ms = time(() => {
      manifests = render({ env, sources: ['oh-env.yaml'] }, target).files.find(
        (f) => f.path === 'manifests.yaml',
      )!.content;
    });
    const docs = parseAllDocuments(manifests).map((d) => canonical(d.toJS()));
    const lib = time(() => docs.map((d) => stringify(d, YAML_OPTIONS)));
    const fast = time(() => docs.map((d) => emitYaml(d)));
    rows.push(
      `| ${n} | ${target} | ${Math.round(ms)} | ${Math.round(manifests.length / 1024)} | ${Math.round(lib)} | ${Math.round(fast)} |`,
    );
  }
}
process.stdout.write(`${rows.join('\n')}\n`);

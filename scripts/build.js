#!/usr/bin/env node
// Builds the CLI into dist/ as one ESM bundle with a chunk per lazily loaded command. Start-up time is most
// of a short command's wall time, and loading hundreds of small ES modules (ours, zod's, yaml's) costs more
// than the work; one bundle keeps `oh-env --version` and `oh-env render` fast. Heavy SDKs (dockerode,
// client-node, testcontainers, ink, …) stay external and are imported only by the commands that need them.
// Type checking is `npm run typecheck` (tsc), not this step.
import { build } from 'esbuild';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { isBuiltin } from 'node:module';

const root = new URL('..', import.meta.url).pathname;
/** Small pure packages worth inlining; every other package is loaded from node_modules at run time. */
const INLINE = new Set(['zod', 'yaml', 'js-yaml']);

/** A hash of everything the bundle is made of: what is cached against a build (validated models) is reused
 * only by the same code. */
function buildId() {
  const hash = createHash('sha256');
  const walk = (dir) => {
    for (const e of readdirSync(`${root}${dir}`, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1)))
      if (e.isDirectory()) walk(`${dir}/${e.name}`);
      else hash.update(`${dir}/${e.name}\0`).update(readFileSync(`${root}${dir}/${e.name}`));
  };
  walk('src');
  walk('tui');
  for (const f of ['package.json', 'package-lock.json']) hash.update(readFileSync(`${root}${f}`));
  return hash.digest('hex').slice(0, 16);
}

rmSync(`${root}dist`, { recursive: true, force: true });
await build({
  absWorkingDir: root,
  entryPoints: ['src/cli/main.ts'],
  outdir: 'dist',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node22',
  minifyWhitespace: true,
  minifySyntax: true,
  logLevel: 'warning',
  define: { __OH_ENV_BUILD__: JSON.stringify(buildId()) },
  // Bundled CommonJS code may call require(); give it one.
  banner: {
    js: "import { createRequire as __ohEnvRequire } from 'node:module'; const require = __ohEnvRequire(import.meta.url);",
  },
  plugins: [
    {
      // Node's built-in modules are taken with require(), not import: an ES import of one builds a facade
      // that reads every export, which runs lazy getters (node:http loads undici, node:fs its streams) and
      // costs 20-50 ms of start-up. The bundle's code reads the properties it uses, when it uses them.
      name: 'builtins-by-require',
      setup(b) {
        b.onResolve({ filter: /^[a-z0-9_:/]+$/ }, (args) =>
          isBuiltin(args.path) && args.namespace !== 'builtin' ? { path: args.path, namespace: 'builtin' } : undefined,
        );
        b.onResolve({ filter: /.*/, namespace: 'builtin' }, (args) => ({ path: args.path, external: true }));
        b.onLoad({ filter: /.*/, namespace: 'builtin' }, (args) => ({
          contents: `module.exports = require(${JSON.stringify(args.path)});`,
          loader: 'js',
        }));
      },
    },
    {
      name: 'external-packages',
      setup(b) {
        b.onResolve({ filter: /^[^./]/ }, (args) => {
          const name = args.path.startsWith('@') ? args.path.split('/').slice(0, 2).join('/') : args.path.split('/')[0];
          return INLINE.has(name) ? undefined : { path: args.path, external: true };
        });
      },
    },
  ],
});

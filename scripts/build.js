#!/usr/bin/env node
// Builds the CLI into dist/ as one ESM bundle with a chunk per lazily loaded command. Start-up time is most
// of a short command's wall time, and loading hundreds of small ES modules (ours, zod's, yaml's) costs more
// than the work; one bundle keeps `oh-env --version` and `oh-env render` fast. Heavy SDKs (dockerode,
// client-node, testcontainers, ink, …) stay external and are imported only by the commands that need them.
// Type checking is `npm run typecheck` (tsc), not this step.
import { build } from 'esbuild';
import { rmSync } from 'node:fs';

const root = new URL('..', import.meta.url).pathname;
/** Small pure packages worth inlining; every other package is loaded from node_modules at run time. */
const INLINE = new Set(['zod', 'yaml', 'js-yaml']);

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
  // Bundled CommonJS code may call require(); give it one.
  banner: {
    js: "import { createRequire as __ohEnvRequire } from 'node:module'; const require = __ohEnvRequire(import.meta.url);",
  },
  plugins: [
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

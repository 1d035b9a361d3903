#!/usr/bin/env node
// The entry point: the only place that calls process.exit. The CLI itself is a function, run(argv, io).
// It runs the bundle in dist/ (fast start; `npm ci` and `npm test` build it). In a checkout whose sources
// are newer than the bundle it runs the sources through tsx instead, so a stale build never runs.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import module from 'node:module';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

// Checked before anything else is imported: on an older Node the CLI and its packages fail deep inside with
// errors that say nothing of the cause (`Cannot read properties of undefined (reading 'bind')` under Node 20).
// The version needed is package.json's `engines.node`, the one place that says it. (Printed in the format of
// cli/print-error.ts, which cannot be loaded yet.)
const needed = Number(/\d+/.exec(JSON.parse(readFileSync(`${root}package.json`, 'utf8')).engines.node)[0]);
const running = Number(process.versions.node.split('.')[0]);
if (running < needed) {
  process.stderr.write(
    `error[E_NODE_VERSION]: oh-env needs Node.js ${needed} or newer; this is Node.js ${process.version} (${process.execPath})\n` +
      `hint: run it with the project's own Node ${needed}: \`npm ci\` once, then \`npx oh-env …\` or ` +
      `\`npm run oh-env -- …\` (npm puts node_modules/.bin, where the "node" package installs Node ${needed}, ` +
      `first on PATH); or install Node.js ${needed} (nvm, fnm or the OS packages)\n`,
  );
  process.exit(1);
}
const bundle = `${root}dist/main.js`;

/** Newest modification time under a folder (0 when it does not exist, as in an installed package). */
function newest(dir) {
  let latest = 0;
  if (!existsSync(dir)) return latest;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = `${dir}/${entry.name}`;
    latest = Math.max(latest, entry.isDirectory() ? newest(path) : statSync(path).mtimeMs);
  }
  return latest;
}

// OH_ENV_BUNDLE=1 skips the freshness check (benchmarks build first and must time the bundle).
const fresh =
  existsSync(bundle) &&
  (process.env.OH_ENV_BUNDLE === '1' ||
    statSync(bundle).mtimeMs >= Math.max(newest(`${root}src`), newest(`${root}tui`)));
let main;
// V8 keeps the compiled bundle on disk (in the OS temp dir) and reuses it: start-up skips most compilation.
module.enableCompileCache?.();
if (fresh) {
  main = await import(new URL('../dist/main.js', import.meta.url).href);
} else {
  await import('tsx/esm');
  main = await import(new URL('../src/cli/main.ts', import.meta.url).href);
}
process.exitCode = await main.main(process.argv.slice(2));

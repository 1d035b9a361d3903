#!/usr/bin/env node
// The entry point: the only place that calls process.exit. The CLI itself is a function, run(argv, io).
// It runs the compiled JS in dist/ (fast start); `npm ci` builds it through the prepare script.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const compiled = new URL('../dist/main.js', import.meta.url);
let main;
if (existsSync(fileURLToPath(compiled))) {
  main = await import(compiled.href);
} else {
  // A checkout without a build: run the sources through tsx (slower start, same behaviour).
  await import('tsx/esm');
  main = await import(new URL('../src/cli/main.ts', import.meta.url).href);
}
process.exitCode = await main.main(process.argv.slice(2));

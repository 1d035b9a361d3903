// The documents whose commands the doc test runs: README.md, then docs/*.md in name order.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { extractCommands, type DocCommand } from './extract.js';

export const DOCS_ROOT = new URL('../../', import.meta.url).pathname;

export function documents(root = DOCS_ROOT): string[] {
  const docs = readdirSync(join(root, 'docs'))
    .filter((f) => f.endsWith('.md'))
    .sort()
    .map((f) => `docs/${f}`);
  return ['README.md', ...docs];
}

export function documentedCommands(root = DOCS_ROOT): Map<string, DocCommand[]> {
  return new Map(documents(root).map((d) => [d, extractCommands(d, readFileSync(join(root, d), 'utf8'))]));
}

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = new URL('..', import.meta.url).pathname;

/** The text between two marker lines (exclusive). */
function between(text: string, start: string, end: string, where: string): string {
  const a = text.indexOf(start);
  const b = text.indexOf(end, a + 1);
  assert.ok(a >= 0 && b > a, `${where} has the markers ${start} … ${end}`);
  return text.slice(a + start.length, b);
}

test('docs/testing.md quotes its example exactly as e2e/contract/example.test.ts runs it', () => {
  const code = between(
    readFileSync(join(ROOT, 'e2e/contract/example.test.ts'), 'utf8'),
    '// docs:start\n',
    '// docs:end',
    'the example test',
  );
  const block = between(
    readFileSync(join(ROOT, 'docs/testing.md'), 'utf8'),
    '<!-- example:start -->\n```ts\n',
    '```\n<!-- example:end -->',
    'docs/testing.md',
  );
  assert.ok(code.includes("from 'oh-env/testing'"), 'the example uses the public import path');
  assert.equal(block, code, 'update docs/testing.md from e2e/contract/example.test.ts');
});

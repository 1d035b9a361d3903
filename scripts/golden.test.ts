import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { goldenCases, renderCase, ROOT } from './golden.js';
import { generatedDocs } from './generated-docs.js';

const fix = 'run `npm run golden:update` and review the diff';

for (const c of goldenCases()) {
  test(`golden: ${c.model} → ${c.target} matches ${c.dir}`, () => {
    const files = renderCase(c);
    for (const f of files) {
      const p = join(ROOT, c.dir, f.path);
      assert.ok(existsSync(p), `${c.dir}/${f.path} is missing: ${fix}`);
      assert.equal(readFileSync(p, 'utf8'), f.content, `${c.dir}/${f.path} is stale or edited by hand: ${fix}`);
    }
    if (c.exclusive)
      assert.deepEqual(
        readdirSync(join(ROOT, c.dir)).sort(),
        files.map((f) => f.path).sort(),
        `extra files in ${c.dir}`,
      );
  });
  test(`render is deterministic: ${c.model} → ${c.target}`, () => {
    assert.deepEqual(renderCase(c), renderCase(c));
  });
}

for (const [path, content] of Object.entries(generatedDocs()))
  test(`${path} is up to date`, () => {
    assert.equal(readFileSync(join(ROOT, path), 'utf8'), content, `${path} is stale: ${fix}`);
  });

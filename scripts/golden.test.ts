import { test, type TestContext } from 'node:test';
import { OhEnvError } from '../src/errors.js';
import type { RenderedFile } from '../src/render/output.js';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { goldenCases, renderCase, ROOT, type GoldenCase } from './golden.js';
import { generatedDocs } from './generated-docs.js';

const fix = 'run `npm run golden:update` and review the diff';

/** The case's files, or undefined (test skipped) while its target's renderer is still a stub. */
function rendered(c: GoldenCase, t: TestContext): RenderedFile[] | undefined {
  try {
    return renderCase(c);
  } catch (e) {
    if (e instanceof OhEnvError && e.code === 'E_NOT_IMPLEMENTED') {
      t.skip(e.message);
      return undefined;
    }
    throw e;
  }
}

for (const c of goldenCases()) {
  test(`golden: ${c.model} → ${c.target} matches ${c.dir}`, (t) => {
    const files = rendered(c, t);
    if (!files) return;
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
  test(`render is deterministic: ${c.model} → ${c.target}`, (t) => {
    const files = rendered(c, t);
    if (files) assert.deepEqual(renderCase(c), files);
  });
}

for (const [path, content] of Object.entries(await generatedDocs()))
  test(`${path} is up to date`, () => {
    assert.equal(readFileSync(join(ROOT, path), 'utf8'), content, `${path} is stale: ${fix}`);
  });

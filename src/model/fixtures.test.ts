// Every fixture model is a test case: valid-* must load for every target; invalid-* must fail with exactly
// the problems its `# expect:` lines name (path: message), exit code 2, and nothing written.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadModel } from './load.js';
import { diskReader } from '../drivers/files.js';
import { OhEnvError } from '../errors.js';
import { TARGETS } from './schema.js';

const root = new URL('../../', import.meta.url).pathname;
const dir = join(root, 'fixtures');
const models = readdirSync(dir).filter((f) => f.endsWith('.yaml'));

test('there are valid and invalid fixtures', () => {
  assert.ok(models.filter((f) => f.startsWith('valid-')).length >= 2);
  assert.ok(models.filter((f) => f.startsWith('invalid-')).length >= 5);
});

for (const f of models.filter((m) => m.startsWith('valid-'))) {
  for (const target of TARGETS) {
    test(`${f} is valid for ${target}`, () => {
      const m = loadModel({ cwd: root, file: join('fixtures', f), target }, diskReader);
      assert.ok(Object.keys(m.env.services).length > 0);
    });
  }
}

for (const f of models.filter((m) => m.startsWith('invalid-'))) {
  test(`${f} fails with the expected problems`, () => {
    const text = readFileSync(join(dir, f), 'utf8');
    const expected = [...text.matchAll(/^# expect: ([^:]+): (.+)$/gm)].map((m) => ({ path: m[1]!, message: m[2]! }));
    const parse = /^# expect-parse: (.+)$/m.exec(text)?.[1];
    assert.ok(expected.length > 0 || parse, `${f} names no expected problem`);
    let error: unknown;
    try {
      loadModel({ cwd: root, file: join('fixtures', f), display: (p) => p.slice(dir.length + 1) }, diskReader);
    } catch (e) {
      error = e;
    }
    assert.ok(error instanceof OhEnvError, `${f} should have failed`);
    assert.equal(error.exitCode, 2);
    if (parse) {
      assert.equal(error.code, 'E_MODEL_PARSE');
      assert.ok(
        error.issues.some((i) => i.file?.startsWith(parse)),
        `parse error at ${parse}: ${JSON.stringify(error.issues)}`,
      );
      return;
    }
    assert.equal(error.code, 'E_MODEL_INVALID');
    const got = error.issues.map((i) => `${i.path}: ${i.message}`);
    for (const e of expected)
      assert.ok(
        error.issues.some((i) => i.path === e.path && i.message.startsWith(e.message)),
        `missing "${e.path}: ${e.message}" in:\n${got.join('\n')}`,
      );
    assert.equal(error.issues.length, expected.length, `unexpected extra problems:\n${got.join('\n')}`);
    for (const i of error.issues)
      assert.match(i.file ?? '', new RegExp(`^${f}:\\d+:\\d+$`), `issue ${i.path} has no location`);
  });
}

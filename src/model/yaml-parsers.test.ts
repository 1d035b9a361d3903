// The loader parses models with js-yaml (fast) and locates problems with the `yaml` library (positions):
// both must read every model the same way, or a problem could be reported on data that was not loaded.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { CORE_SCHEMA, load } from 'js-yaml';
import { parse } from 'yaml';

const root = new URL('../../', import.meta.url).pathname;

function yamlFiles(dir: string): string[] {
  return readdirSync(join(root, dir)).flatMap((name) => {
    const rel = join(dir, name);
    if (statSync(join(root, rel)).isDirectory()) return name === 'golden' ? [] : yamlFiles(rel);
    return /\.ya?ml$/.test(name) && !name.startsWith('invalid-yaml') ? [rel] : [];
  });
}

test('js-yaml (core schema) and the yaml library read every model and overlay alike', () => {
  const files = [...yamlFiles('envs'), ...yamlFiles('fixtures')].filter((f) => !/manifests|kind-cluster/.test(f));
  assert.ok(files.length >= 10);
  for (const f of files) {
    const text = readFileSync(join(root, f), 'utf8');
    assert.deepEqual(load(text, { schema: CORE_SCHEMA }), parse(text), f);
  }
});

test('the two agree on the scalars where YAML versions differ', () => {
  const text = 'a: yes\nb: on\nc: 0o17\nd: 017\ne: 2026-01-01\nf: ~\ng: .inf\nh: 1_000\ni: "1"\n';
  assert.deepEqual(load(text, { schema: CORE_SCHEMA }), parse(text));
});

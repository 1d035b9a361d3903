import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CachedModel } from '../model/load-cached.js';
import { diskModelCache, modelCacheDir } from './model-cache.js';

const entry = (name: string): CachedModel => ({
  inputs: [{ path: '/w/oh-env.yaml', sha256: 'x' }],
  // Only the shape matters to the store; undefined fields must survive, as the loader returns them.
  model: {
    env: { metadata: { name }, optional: undefined } as never,
    warnings: [],
    sources: [],
    file: '/w/oh-env.yaml',
  },
});

test('entries written to disk read back exactly; unreadable entries are misses; off turns it off', (t) => {
  const home = mkdtempSync(join(tmpdir(), 'oh-env-cache-'));
  t.after(() => rmSync(home, { recursive: true, force: true }));
  const env = { XDG_CACHE_HOME: home };
  const cache = diskModelCache(env)!;
  assert.equal(cache.get('k1'), undefined);
  cache.set('k1', entry('a'));
  assert.deepEqual(cache.get('k1'), entry('a'));
  assert.equal(statSync(join(modelCacheDir(env), 'k1.bin')).mode & 0o777, 0o600);
  assert.ok('optional' in (cache.get('k1')!.model.env as object));
  writeFileSync(join(modelCacheDir(env), 'k2.bin'), 'not v8 data');
  assert.equal(cache.get('k2'), undefined);
  assert.equal(diskModelCache({ ...env, OH_ENV_CACHE: 'off' }), undefined);
});

test('the store stays bounded: past 64 entries the oldest half goes', (t) => {
  const home = mkdtempSync(join(tmpdir(), 'oh-env-cache-'));
  t.after(() => rmSync(home, { recursive: true, force: true }));
  const cache = diskModelCache({ XDG_CACHE_HOME: home })!;
  for (let i = 0; i < 65; i++) cache.set(`k${i}`, entry(String(i)));
  const left = readdirSync(modelCacheDir({ XDG_CACHE_HOME: home }));
  assert.ok(left.length <= 64 && left.length >= 32, `${left.length} entries`);
  assert.ok(cache.get('k64'), 'the newest entry is kept');
});

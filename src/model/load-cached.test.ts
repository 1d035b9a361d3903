import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { FileReader } from './file-reader.js';
import { OhEnvError } from '../errors.js';
import { loadModelCached, type CachedModel, type ModelCache } from './load-cached.js';

/** In-memory files that count reads, so a test can tell a cache hit (no parse) from a load. */
function memory(files: Record<string, string>): FileReader & { files: Record<string, string> } {
  return {
    files,
    exists: (p) => p in files,
    read: (p) => {
      const f = files[p];
      if (f === undefined) throw new Error(`no ${p}`);
      return f;
    },
  };
}
const memoryCache = (): ModelCache & { entries: Map<string, CachedModel> } => {
  const entries = new Map<string, CachedModel>();
  return { entries, get: (k) => entries.get(k), set: (k, v) => void entries.set(k, v) };
};

const model = (image: string) => `apiVersion: oh-env.dev/v1alpha1
kind: Environment
metadata: { name: demo }
services:
  app: { image: '${image}' }
`;

test('a second load of unchanged files is the cached model; a changed file is loaded again', async () => {
  const fs = memory({ '/w/base.yaml': model('app:1'), '/w/oh-env.yaml': 'extends: base.yaml\n' });
  const cache = memoryCache();
  const first = await loadModelCached({ cwd: '/w', target: 'local' }, fs, cache, 'b1');
  assert.equal(first.env.services.app?.image, 'app:1');
  assert.equal(cache.entries.size, 1);
  assert.equal(await loadModelCached({ cwd: '/w', target: 'local' }, fs, cache, 'b1'), first);
  // A change in a file the model extends is a change of the model.
  fs.files['/w/base.yaml'] = model('app:2');
  const second = await loadModelCached({ cwd: '/w', target: 'local' }, fs, cache, 'b1');
  assert.equal(second.env.services.app?.image, 'app:2');
});

test('an overlay that appears where the loader looked for one is merged', async () => {
  const fs = memory({ '/w/oh-env.yaml': model('app:1') });
  const cache = memoryCache();
  await loadModelCached({ cwd: '/w', target: 'kind' }, fs, cache, 'b1');
  fs.files['/w/envs/kind/overlay.yaml'] = 'services:\n  app: { replicas: 3 }\n';
  const m = await loadModelCached({ cwd: '/w', target: 'kind' }, fs, cache, 'b1');
  assert.equal(m.env.services.app?.replicas, 3);
  assert.deepEqual(m.sources, ['/w/oh-env.yaml', '/w/envs/kind/overlay.yaml']);
});

test('other options, another build or no build do not share an entry', async () => {
  const fs = memory({
    '/w/oh-env.yaml': model('app:1'),
    '/w/envs/kind/overlay.yaml': 'services:\n  app: { replicas: 3 }\n',
  });
  const cache = memoryCache();
  const kind = await loadModelCached({ cwd: '/w', target: 'kind' }, fs, cache, 'b1');
  const plain = await loadModelCached({ cwd: '/w', target: 'kind', overlay: false }, fs, cache, 'b1');
  assert.equal(kind.env.services.app?.replicas, 3);
  assert.equal(plain.env.services.app?.replicas, 1);
  await loadModelCached({ cwd: '/w', target: 'kind' }, fs, cache, 'b2');
  assert.equal(cache.entries.size, 3);
  await loadModelCached({ cwd: '/w', target: 'kind' }, fs, cache, undefined);
  assert.equal(cache.entries.size, 3, 'running from the sources caches nothing');
});

test('an invalid model is reported every time and never cached', async () => {
  const fs = memory({ '/w/oh-env.yaml': model('app:1').replace('image', 'imag') });
  const cache = memoryCache();
  for (let i = 0; i < 2; i++)
    await assert.rejects(
      loadModelCached({ cwd: '/w' }, fs, cache, 'b1'),
      (e) => e instanceof OhEnvError && e.code === 'E_MODEL_INVALID',
    );
  assert.equal(cache.entries.size, 0);
});

// A model whose only backend is a bucket needs no Docker at all: emulate() runs fake-gcs-server alone, seeds it
// from a folder laid out like fake-gcs-server's `-data` (top-level folders are buckets), and reset() empties the
// bucket and seeds it again.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { listObjects, putObject } from '../../src/drivers/fake-gcs.js';
import { emulate } from '../../src/testing/index.js';

const MODEL = `apiVersion: oh-env.dev/v1alpha1
kind: Environment
metadata: { name: seeded }
backends:
  files: { type: bucket, bucket: seeded-files }
services:
  web:
    image: web:1.0.0
    uses: [files]
`;

test('a bucket-only model: seeded objects, the env that points at them, reset re-seeds', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'oh-env-seed-'));
  try {
    writeFileSync(join(dir, 'oh-env.yaml'), MODEL);
    mkdirSync(join(dir, 'seed/seeded-files/users/u1'), { recursive: true });
    mkdirSync(join(dir, 'seed/not-a-model-bucket'), { recursive: true });
    writeFileSync(join(dir, 'seed/seeded-files/settings.json'), '{"language":"en"}');
    writeFileSync(join(dir, 'seed/seeded-files/users/u1/secrets.json'), '{}');
    writeFileSync(join(dir, 'seed/not-a-model-bucket/x.txt'), 'x');

    await using emu = await emulate(join(dir, 'oh-env.yaml'), { cwd: dir, seed: 'seed' });
    assert.deepEqual(emu.env, {
      FILE_STORE: 'google_cloud',
      FILE_STORE_PATH: 'seeded-files',
      GOOGLE_CLOUD_PROJECT: 'oh-env-local',
      STORAGE_EMULATOR_HOST: emu.storage!.url,
    });
    const url = emu.env.STORAGE_EMULATOR_HOST!;
    const names = async () => (await listObjects(url, 'seeded-files')).map((o) => o.name).sort();
    assert.deepEqual(await names(), ['settings.json', 'users/u1/secrets.json']);
    const res = await fetch(`${url}/storage/v1/b/seeded-files/o/settings.json?alt=media`);
    assert.equal(await res.text(), '{"language":"en"}');
    assert.equal(res.headers.get('content-type'), 'application/json');

    await putObject(url, 'seeded-files', 'sessions/s1/events/0.json', Buffer.from('{}'), 'application/json');
    await emu.reset();
    assert.deepEqual(await names(), ['settings.json', 'users/u1/secrets.json']);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

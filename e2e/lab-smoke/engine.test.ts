// Smoke: the Docker engine answers, every lab image exists (nothing will have to be pulled), and a container
// from the base image runs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execa } from 'execa';
import { LAB_HINT } from './helpers.js';
import { DEBIAN_IMAGE, FAKE_GCS_IMAGE, POSTGRES_IMAGE, REDIS_IMAGE } from '../lab/index.js';

test('the Docker engine answers', async () => {
  const r = await execa('docker', ['version', '--format', '{{.Server.Version}}'], { reject: false });
  assert.equal(r.exitCode, 0, `${r.stderr}\n${LAB_HINT}`);
  assert.match(r.stdout, /^\d+\.\d+/);
});

test('every lab image is there, labelled with the hash it was built from', async () => {
  for (const image of [DEBIAN_IMAGE, POSTGRES_IMAGE, REDIS_IMAGE, FAKE_GCS_IMAGE, 'oh-env-lab/smoke-app:local']) {
    const r = await execa(
      'docker',
      ['image', 'inspect', '--format', '{{ index .Config.Labels "oh-env-lab.hash" }}', image],
      {
        reject: false,
      },
    );
    assert.equal(r.exitCode, 0, `${image} is missing: ${r.stderr}\n${LAB_HINT}`);
    assert.match(r.stdout.trim(), /^[0-9a-f]{32}$/, `${image} has no hash label`);
  }
});

test('a container of the Debian base image runs', async () => {
  const r = await execa('docker', [
    'run',
    '--rm',
    '--pull',
    'never',
    '--network',
    'none',
    DEBIAN_IMAGE,
    'cat',
    '/etc/debian_version',
  ]);
  assert.match(r.stdout, /^12\./);
});

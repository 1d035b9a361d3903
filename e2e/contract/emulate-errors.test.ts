// `oh-env emulate` and the testing API in bad situations: each gets its own clear error, and nothing is left
// running (every container of the run carries the run's label; none may remain).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { EMULATE_LABEL } from '../../src/drivers/testcontainers.js';
import { emulate } from '../../src/testing/index.js';
import type { OhEnvError } from '../../src/errors.js';

const ROOT = new URL('../..', import.meta.url).pathname;

/** This test's own label, so tests running beside it in parallel do not count. */
const mine = { 'dev.oh-env.test': `emulate-errors-${randomUUID()}` };

async function emulatorContainers(): Promise<string[]> {
  const { getContainerRuntimeClient } = await import('testcontainers');
  const docker = (await getContainerRuntimeClient()).container.dockerode;
  const label = Object.entries(mine).map(([k, v]) => `${k}=${v}`);
  return (await docker.listContainers({ all: true, filters: { label: [...label, EMULATE_LABEL] } })).map((c) => c.Id);
}

test('a missing image is named, with how to get it, before anything starts', async () => {
  const before = await emulatorContainers();
  await assert.rejects(
    emulate('fixtures/demo/oh-env.yaml', {
      cwd: ROOT,
      labels: mine,
      images: { postgres: 'oh-env-lab/no-such-postgres:15' },
    }),
    (e: OhEnvError) =>
      e.code === 'E_IMAGE_MISSING' &&
      e.message.includes('oh-env-lab/no-such-postgres:15') &&
      /npm run lab -- up/.test(e.hint ?? ''),
  );
  assert.deepEqual(await emulatorContainers(), before);
  assert.deepEqual(before, []);
});

test('a failing migrations job shows its output, and every emulator is stopped', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'oh-env-failing-migration-'));
  try {
    const model = join(dir, 'oh-env.yaml');
    writeFileSync(
      model,
      [
        `extends: ${join(ROOT, 'fixtures/demo/oh-env.yaml')}`,
        'jobs:',
        '  migrate:',
        `    command: [python3, -c, "import sys; print('relation users already exists'); sys.exit(3)"]`,
        '',
      ].join('\n'),
    );
    const before = await emulatorContainers();
    await assert.rejects(
      emulate(model, { cwd: ROOT, labels: mine }),
      (e: OhEnvError) =>
        e.code === 'E_JOB_FAILED' &&
        /exit code 3/.test(e.message) &&
        e.details.some((l) => l.includes('relation users already exists')),
    );
    assert.deepEqual(await emulatorContainers(), before, 'no emulator container left');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('an unreachable Docker engine is a clear error from the CLI, with exit code 1', async () => {
  const r = await execa(process.execPath, ['bin/oh-env.js', 'emulate', '-f', 'fixtures/demo/oh-env.yaml'], {
    cwd: ROOT,
    reject: false,
    env: { DOCKER_HOST: 'unix:///nonexistent/docker.sock', TESTCONTAINERS_RYUK_DISABLED: 'true' },
  });
  assert.equal(r.exitCode, 1);
  assert.match(r.stderr, /E_DOCKER_UNREACHABLE/);
  assert.match(r.stderr, /cannot reach the Docker engine at unix:\/\/\/nonexistent\/docker.sock \(DOCKER_HOST\)/);
  assert.equal(r.stdout, '');
});

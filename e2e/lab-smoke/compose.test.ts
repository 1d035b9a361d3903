// Smoke: `docker compose` is v2 or later and runs a two-service file whose app waits for its database to be
// healthy (depends_on: service_healthy), with local images only; the project is removed by name afterwards.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { LAB_HINT, uniqueName } from './helpers.js';
import { REDIS_IMAGE } from '../lab/index.js';

const SMOKE_APP = 'oh-env-lab/smoke-app:local';

test('docker compose reports v2 or later', async () => {
  const r = await execa('docker', ['compose', 'version', '--short'], { reject: false });
  assert.equal(r.exitCode, 0, `${r.stderr}\n${LAB_HINT}`);
  assert.ok(Number(/^v?(\d+)/.exec(r.stdout.trim())?.[1]) >= 2, `docker compose ${r.stdout}`);
});

test('a two-service file with a health-gated dependency comes up with --wait and goes down', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'oh-env-lab-compose-'));
  const project = uniqueName('oh-env-lab-smoke');
  const file = join(dir, 'compose.yaml');
  writeFileSync(
    file,
    `services:
  db:
    image: ${REDIS_IMAGE}
    pull_policy: never
    healthcheck:
      test: ["CMD", "redis-cli", "ping"]
      interval: 1s
      timeout: 3s
      retries: 30
  app:
    image: ${SMOKE_APP}
    pull_policy: never
    init: true
    environment:
      DEPENDS_ON: db:6379
    depends_on:
      db:
        condition: service_healthy
`,
  );
  const compose = (...args: string[]) =>
    execa('docker', ['compose', '-p', project, '-f', file, ...args], { reject: false, all: true });
  try {
    const up = await compose('up', '-d', '--wait', '--pull', 'never');
    assert.equal(up.exitCode, 0, up.all);
    const ps = await compose('ps', '--format', 'json');
    assert.equal(ps.exitCode, 0, ps.all);
    const services = ps.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { Service: string; State: string; Health: string });
    assert.deepEqual(services.map((s) => [s.Service, s.State, s.Health]).sort(), [
      ['app', 'running', 'healthy'],
      ['db', 'running', 'healthy'],
    ]);
    const logs = await compose('logs', 'app');
    assert.match(logs.stdout, /dependency db:6379 answered: \+PONG/);
  } finally {
    const down = await compose('down', '--volumes', '--remove-orphans', '--timeout', '5');
    rmSync(dir, { recursive: true, force: true });
    assert.equal(down.exitCode, 0, down.all);
  }
  const left = await execa('docker', ['ps', '-aq', '--filter', `label=com.docker.compose.project=${project}`]);
  assert.equal(left.stdout.trim(), '', 'containers left behind');
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { OhEnvError } from '../errors.js';
import { acquireLock } from './lock.js';

test('a second run refuses while the first holds the lock; a dead owner’s lock is taken over', () => {
  const dir = mkdtempSync(join(tmpdir(), 'oh-env-lock-'));
  try {
    const path = join(dir, 'env', 'run.lock');
    const first = acquireLock(path, 'up', 'demo');
    // Same process id counts as "another run" only for other pids: simulate one with a live pid (our parent).
    writeFileSync(path, JSON.stringify({ pid: process.ppid, command: 'up', since: 'now' }));
    assert.throws(
      () => acquireLock(path, 'up', 'demo'),
      (e: unknown) => e instanceof OhEnvError && e.code === 'E_LOCKED' && e.message.includes(`pid ${process.ppid}`),
    );
    // A pid that no longer runs: stale.
    const dead = spawnSync(process.execPath, ['-e', 'process.pid']).pid;
    writeFileSync(path, JSON.stringify({ pid: dead, command: 'up' }));
    const second = acquireLock(path, 'up', 'demo');
    second.release();
    assert.equal(existsSync(path), false);
    first.release();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

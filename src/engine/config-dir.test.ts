import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { lockPath } from './config-dir.js';

test('the lock lives in the environment’s config dir, beside the secrets file', () => {
  assert.equal(lockPath('demo', { XDG_CONFIG_HOME: '/x' }), join('/x', 'oh-env', 'demo', 'run.lock'));
  assert.equal(lockPath('demo', { HOME: '/home/u' }), join('/home/u', '.config', 'oh-env', 'demo', 'run.lock'));
  // A relative XDG_CONFIG_HOME is ignored, as for the secrets file.
  assert.equal(
    lockPath('demo', { XDG_CONFIG_HOME: 'rel', HOME: '/h' }),
    join('/h', '.config', 'oh-env', 'demo', 'run.lock'),
  );
});

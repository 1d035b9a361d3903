import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dirname, join } from 'node:path';
import { secretsFilePath } from '../render/local/secrets-file.js';
import { envConfigDir, lockPath } from './config-dir.js';

test('the lock lives in the environment’s config dir, the same one as the local secrets file', () => {
  for (const procEnv of [
    { XDG_CONFIG_HOME: '/x/config' },
    { HOME: '/home/u' },
    { XDG_CONFIG_HOME: 'relative', HOME: '/h' },
  ]) {
    assert.equal(dirname(lockPath('demo', procEnv)), envConfigDir('demo', procEnv));
    assert.equal(envConfigDir('demo', procEnv), dirname(secretsFilePath('demo', procEnv, procEnv.HOME ?? '/unused')));
  }
  assert.equal(lockPath('demo', { XDG_CONFIG_HOME: '/x' }), join('/x', 'oh-env', 'demo', 'run.lock'));
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { contractFor, workloadEnv } from './contract.js';
import { loadModel } from './load.js';
import { diskReader } from '../drivers/files.js';

const root = new URL('../../', import.meta.url).pathname;
const load = (target: 'local' | 'kind' | 'gke') => loadModel({ cwd: root, target }, diskReader).env;

test('the app sees the same DB/Redis/bucket variable names on local and kind, with service hosts', () => {
  for (const t of ['local', 'kind'] as const) {
    const env = load(t);
    const c = contractFor(env, ['postgres', 'redis', 'files'], t);
    assert.deepEqual(c.DB_HOST, { kind: 'value', value: 'postgres' });
    assert.deepEqual(c.DB_PASS, { kind: 'secret', secret: 'db-password' });
    assert.deepEqual(c.REDIS_HOST, { kind: 'value', value: 'redis' }, 'REDIS_HOST is a bare host');
    assert.deepEqual(c.REDIS_PORT, { kind: 'value', value: '6379' });
    assert.deepEqual(c.FILE_STORE, { kind: 'value', value: 'google_cloud' });
    assert.deepEqual(c.FILE_STORE_PATH, { kind: 'value', value: 'openhands-files' });
    assert.deepEqual(c.STORAGE_EMULATOR_HOST, { kind: 'value', value: 'http://files:4443' });
  }
});

test('on GKE the database is Cloud SQL and Redis comes from provisioning outputs', () => {
  const env = load('gke');
  const c = contractFor(env, ['postgres', 'redis', 'files'], 'gke');
  assert.equal(c.DB_HOST, undefined);
  assert.deepEqual(c.GCP_DB_INSTANCE, { kind: 'value', value: 'openhands-postgres' });
  assert.deepEqual(c.GCP_PROJECT, { kind: 'value', value: 'openhands-prod' });
  assert.deepEqual(c.REDIS_HOST, { kind: 'output', key: 'REDIS_HOST_REDIS' });
  assert.equal(c.STORAGE_EMULATOR_HOST, undefined, 'no emulator on GKE');
});

test('workload env: contract, then plain env, then secrets; sorted; secrets stay references', () => {
  const env = load('local');
  const app = env.services.app!;
  const e = workloadEnv(env, app, 'local');
  assert.deepEqual(Object.keys(e), [...Object.keys(e)].sort());
  assert.deepEqual(e.JWT_SECRET, { kind: 'secret', secret: 'jwt-secret' });
  assert.deepEqual(e.RUNTIME, { kind: 'value', value: 'docker' });
  assert.ok(Object.values(e).every((v) => v.kind !== 'value' || !/secret/i.test(v.value)));
});

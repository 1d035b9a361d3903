import { test } from 'node:test';
import assert from 'node:assert/strict';
import { diskReader } from '../drivers/files.js';
import { contractFor } from '../model/contract.js';
import { loadModel } from '../model/load.js';
import type { Endpoints } from './endpoints.js';
import { emulatedEnv, resolveSecrets } from './env.js';
import { mainService, migrationJobs } from './emulate.js';

const ROOT = new URL('../..', import.meta.url).pathname;
const model = (file: string) => loadModel({ cwd: ROOT, file, target: 'local' }, diskReader).env;

const endpoints: Endpoints = {
  postgres: {
    type: 'postgres',
    host: '127.0.0.1',
    port: 49001,
    database: 'openhands',
    user: 'openhands',
    password: 'pw',
    url: 'postgresql://openhands:pw@127.0.0.1:49001/openhands',
    containerId: 'c1',
  },
  redis: { type: 'redis', host: '127.0.0.1', port: 49002, url: 'redis://127.0.0.1:49002', containerId: 'c2' },
  files: { type: 'bucket', url: 'http://127.0.0.1:49003', bucket: 'openhands-files' },
};

test('the app gets the same variable names as on the local target, pointing at the emulators', () => {
  const env = model('envs/openhands.yaml');
  const app = env.services.app!;
  const secrets = new Map([
    ['db-password', 'pw'],
    ['jwt-secret', 'jwt'],
  ]);
  const got = emulatedEnv(env, app, endpoints, secrets);
  for (const name of Object.keys(contractFor(env, app.uses, 'local'))) assert.ok(name in got, `${name} is set`);
  assert.equal(got.DB_HOST, '127.0.0.1');
  assert.equal(got.DB_PORT, '49001');
  assert.equal(got.DB_PASS, 'pw');
  assert.equal(got.DB_NAME, 'openhands');
  assert.equal(got.REDIS_HOST, '127.0.0.1', 'a bare host, as on every target');
  assert.equal(got.REDIS_PORT, '49002');
  assert.equal(got.STORAGE_EMULATOR_HOST, 'http://127.0.0.1:49003');
  assert.equal(got.FILE_STORE, 'google_cloud');
  assert.equal(got.FILE_STORE_PATH, 'openhands-files');
  assert.equal(got.JWT_SECRET, 'jwt');
  assert.equal(got.RUNTIME, 'docker', 'the local overlay applies');
  assert.equal(got.LLM_API_KEY, '', 'an optional secret without a value is set empty, as on the local target');
});

test("a workload's own env wins over the emulator's address, as it wins over the contract", () => {
  const env = model('envs/openhands.yaml');
  const app = { ...env.services.app!, env: { ...env.services.app!.env, DB_HOST: 'elsewhere' } };
  const got = emulatedEnv(
    env,
    app,
    endpoints,
    new Map([
      ['db-password', 'pw'],
      ['jwt-secret', 'j'],
    ]),
  );
  assert.equal(got.DB_HOST, 'elsewhere');
  assert.equal(got.DB_PORT, '49001');
});

test('a required secret with no value and no generator is a clear error', () => {
  const env = model('envs/openhands.yaml');
  const app = env.services.app!;
  assert.throws(
    () => emulatedEnv(env, app, endpoints, new Map([['db-password', 'pw']]), 'app'),
    (e: Error & { code?: string; hint?: string }) =>
      e.code === 'E_SECRET_MISSING' && /jwt-secret/.test(e.message) && /--secret jwt-secret=/.test(e.hint ?? ''),
  );
});

test('secrets: given values win, generated ones get a value of their length, optional ones stay unset', () => {
  const env = model('envs/openhands.yaml');
  const s = resolveSecrets(env, { 'db-password': 'given' });
  assert.equal(s.get('db-password'), 'given');
  assert.equal(s.get('jwt-secret')?.length, 48);
  assert.equal(s.has('llm-api-key'), false);
  assert.notEqual(resolveSecrets(env, {}).get('jwt-secret'), s.get('jwt-secret'));
});

test('the migrations are the jobs using Postgres; the main service is the one using backends', () => {
  const env = model('fixtures/demo/oh-env.yaml');
  assert.deepEqual(
    migrationJobs(env).map(([n]) => n),
    ['migrate'],
  );
  assert.equal(mainService(env), 'app');
});

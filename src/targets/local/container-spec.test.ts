import { test } from 'node:test';
import assert from 'node:assert/strict';
import { diskReader } from '../../drivers/files.js';
import { loadModel } from '../../model/load.js';
import { composeProject } from '../../render/local/compose-project.js';
import { containerCreateBody, resolveEnv } from './container-spec.js';

const root = new URL('../../../', import.meta.url).pathname;
const project = composeProject(loadModel({ cwd: root, file: 'envs/openhands.yaml', target: 'local' }, diskReader).env);
const app = project.services.find((s) => s.name === 'app')!;
const secrets = new Map([
  ['OH_SECRET_DB_PASSWORD', 'pw'],
  ['OH_SECRET_JWT_SECRET', 'jwt'],
]);

test('the create body carries Compose labels, the resolved env, ports, mounts and health check', () => {
  const env = resolveEnv(app, secrets);
  assert.equal(env.DB_PASS, 'pw');
  assert.equal(env.LLM_API_KEY, ''); // optional secret without a value: empty, as Compose's ${VAR:-} gives
  const body = containerCreateBody({
    project: 'openhands',
    service: app,
    env,
    configHash: 'abc',
    imageId: 'sha256:1',
    workingDir: '/repo',
    configFile: '/repo/docker-compose.yml',
    environmentFile: '/home/u/.config/oh-env/openhands/secrets.env',
  }) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
  assert.equal(body.name, 'openhands-app-1');
  assert.equal(body.Labels['com.docker.compose.project'], 'openhands');
  assert.equal(body.Labels['com.docker.compose.service'], 'app');
  assert.equal(body.Labels['com.docker.compose.config-hash'], 'abc');
  assert.equal(body.Labels['com.docker.compose.oneoff'], 'False');
  assert.equal(
    body.Labels['com.docker.compose.depends_on'],
    'files:service_healthy:false,migrate:service_completed_successfully:false,postgres:service_healthy:false,redis:service_healthy:false',
  );
  assert.equal(body.Labels['dev.oh-env.kind'], 'service');
  assert.ok((body.Env as string[]).includes('DB_PASS=pw'));
  assert.deepEqual(body.HostConfig.PortBindings, { '3000/tcp': [{ HostIp: '127.0.0.1', HostPort: '3000' }] });
  assert.deepEqual(body.HostConfig.Binds, [
    'openhands_app-file-store:/.openhands:rw',
    '/repo/workspace:/opt/workspace_base:rw',
    '/var/run/docker.sock:/var/run/docker.sock:rw',
  ]);
  assert.deepEqual(body.HostConfig.ExtraHosts, ['host.docker.internal:host-gateway']);
  assert.equal(body.HostConfig.NetworkMode, 'openhands_default');
  assert.equal(body.HostConfig.Init, true);
  assert.equal(body.HostConfig.NanoCpus, 1e9);
  assert.equal(body.Healthcheck.Interval, 5e9);
  assert.equal(body.Healthcheck.StartPeriod, 60e9);
  assert.deepEqual(body.NetworkingConfig.EndpointsConfig.openhands_default.Aliases, ['openhands-app-1', 'app']);
});

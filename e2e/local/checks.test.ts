// The local target's doctor checks against the real Docker engine: which engine answers, images present or
// not (nothing pulled), host ports taken by a process, by another environment's container, or held by this
// environment's own container (ok). The checks that need no engine are in src/targets/local/checks.test.ts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import type { CheckResult, TargetContext } from '../../src/targets/target.js';
import { localTarget } from '../../src/targets/local/index.js';
import { DEBIAN_IMAGE, DEMO_APP_IMAGE } from '../lab/images.js';
import { labReady, sandbox, type Sandbox } from './harness.js';

async function runCheck(name: string, ctx: TargetContext): Promise<CheckResult> {
  const check = localTarget.checks!(ctx).find((c) => c.name === name);
  assert.ok(check, `no check ${name}`);
  return check.run(ctx);
}

const model = (sb: Sandbox, services: string): string => `apiVersion: oh-env.dev/v1alpha1
kind: Environment
metadata:
  name: ${sb.name}
services:
${services}`;

const web = (image: string, port?: number): string => `  web:
    image: ${image}
    command: [sleep, infinity]
${port ? `    ports:\n      - { name: http, port: 80, publish: ${port} }\n` : ''}`;

test('docker-engine: ok, naming the endpoint and the version the engine reports', async (t) => {
  if (!(await labReady(t, [DEBIAN_IMAGE]))) return;
  const sb = await sandbox('chk-engine');
  try {
    sb.write(model(sb, web(DEBIAN_IMAGE)));
    const version = (await sb.docker(['version', '--format', '{{.Server.Version}}'])).stdout.trim();
    const r = await runCheck('docker-engine', sb.ctx());
    assert.equal(r.status, 'ok', r.found);
    assert.ok(r.found.startsWith(`Docker Engine ${version} at `), r.found);
    assert.match(r.found, sb.procEnv.DOCKER_HOST ? new RegExp(` at ${sb.procEnv.DOCKER_HOST}`) : / at unix:\/\//);
  } finally {
    await sb.cleanup();
  }
});

test('images: ok when the engine has them; a missing one fails with the build command, and nothing is pulled', async (t) => {
  if (!(await labReady(t, [DEBIAN_IMAGE, DEMO_APP_IMAGE]))) return;
  const sb = await sandbox('chk-images');
  try {
    sb.write(model(sb, `${web(DEBIAN_IMAGE)}  app:\n    image: ${DEMO_APP_IMAGE}\n`));
    assert.deepEqual(await runCheck('images', sb.ctx()), {
      status: 'ok',
      found: `all 2 images present: ${[DEBIAN_IMAGE, DEMO_APP_IMAGE].sort().join(', ')}`,
    });
    const lab = 'oh-env-lab/never-built:0.0.1';
    const other = 'oh-env.invalid/nothing-here:1';
    sb.write(model(sb, `${web(lab)}  app:\n    image: ${other}\n  app2:\n    image: ${DEBIAN_IMAGE}\n`));
    const r = await runCheck('images', sb.ctx());
    assert.equal(r.status, 'fail');
    assert.equal(r.found, `the Docker engine does not have 2 images; ${lab}  (used by web); ${other}  (used by app)`);
    assert.equal(
      r.fix,
      `build the lab images: \`npm run lab -- up --for demo\`; or pull or build it: \`docker pull ${other}\` (or \`docker build -t <image> <dir>\`)`,
    );
    // The check only looked.
    assert.equal((await sb.docker(['image', 'inspect', other], { reject: false })).exitCode, 1);
  } finally {
    await sb.cleanup();
  }
});

test('host-ports: a port a process holds fails naming it and the model path; free again once it closes', async (t) => {
  if (!(await labReady(t, [DEBIAN_IMAGE]))) return;
  const sb = await sandbox('chk-port');
  const server = createServer();
  await new Promise<void>((r) => server.listen(sb.port, '127.0.0.1', r));
  try {
    sb.write(model(sb, web(DEBIAN_IMAGE, sb.port)));
    const r = await runCheck('host-ports', sb.ctx());
    assert.equal(r.status, 'fail');
    assert.match(
      r.found,
      new RegExp(`^host port 127\\.0\\.0\\.1:${sb.port} for "web" is taken by process ${process.pid} `),
    );
    assert.match(r.fix ?? '', /set services\.web\.ports\[0\]\.publish in the model/);
    await new Promise<void>((r) => server.close(() => r()));
    assert.deepEqual(await runCheck('host-ports', sb.ctx()), {
      status: 'ok',
      found: `free (or held by this environment): 127.0.0.1:${sb.port}`,
    });
  } finally {
    if (server.listening) server.close();
    await sb.cleanup();
  }
});

test("host-ports: ok when this environment's own container holds the port, fail for another environment's", async (t) => {
  if (!(await labReady(t, [DEBIAN_IMAGE]))) return;
  const sb = await sandbox('chk-own');
  const other = await sandbox('chk-other');
  try {
    sb.write(model(sb, web(DEBIAN_IMAGE, sb.port)));
    await sb.up();
    assert.deepEqual(await runCheck('host-ports', sb.ctx()), {
      status: 'ok',
      found: `free (or held by this environment): 127.0.0.1:${sb.port}`,
    });
    other.write(model(other, web(DEBIAN_IMAGE, sb.port)));
    const r = await runCheck('host-ports', other.ctx());
    assert.equal(r.status, 'fail');
    assert.match(
      r.found,
      new RegExp(
        `for "web" is taken by container ${sb.name}-web-1 \\(Compose project "${sb.name}"\\); docker ps --filter id=[0-9a-f]{12}$`,
      ),
    );
  } finally {
    await other.cleanup();
    await sb.cleanup();
  }
});

test('compose-cli: ok with the version the plugin reports; a docker without the plugin is a warning', async (t) => {
  if (!(await labReady(t, [DEBIAN_IMAGE]))) return;
  const sb = await sandbox('chk-compose');
  try {
    sb.write(model(sb, web(DEBIAN_IMAGE)));
    const version = (await sb.docker(['compose', 'version', '--short'])).stdout.trim();
    assert.deepEqual(await runCheck('compose-cli', sb.ctx()), {
      status: 'ok',
      found: `Docker Compose ${version} (\`docker compose\`)`,
    });
    // A Docker config directory without cli-plugins: the same docker CLI, no compose.
    const ctx = { ...sb.ctx(), procEnv: { ...sb.procEnv, DOCKER_CONFIG: sb.dir } };
    const r = await runCheck('compose-cli', ctx);
    assert.equal(r.status, 'warn');
    assert.match(r.found, /^`docker compose` does not run \(.*compose.*\): oh-env does not need it/);
    assert.match(r.fix ?? '', /^install the Docker Compose plugin/);
  } finally {
    await sb.cleanup();
  }
});

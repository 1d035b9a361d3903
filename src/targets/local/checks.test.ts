// The local checks that need no Docker engine: the engine check against a socket nothing listens on (and the
// engine-bound checks skipping then), the secrets checks in an isolated config directory, the engine's
// description from GET /info. The cases that need the real engine are in e2e/local/checks.test.ts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { EnvironmentSchema, type Environment } from '../../model/schema.js';
import { EventBus } from '../../events/types.js';
import type { CheckResult, TargetContext } from '../target.js';
import { localTarget } from './index.js';
import { describeEngine } from './checks/engine.js';
import { secretsPathFor } from './secrets.js';

const model = (secrets: Record<string, unknown>): Environment =>
  EnvironmentSchema.parse({
    apiVersion: 'oh-env.dev/v1alpha1',
    kind: 'Environment',
    metadata: { name: 'chk' },
    secrets,
  });

function sandbox(): { dir: string; procEnv: Record<string, string | undefined>; done(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'oh-env-checks-'));
  // Only what the checks read: no OH_SECRET_* or DOCKER_HOST of the machine running the tests leaks in.
  return {
    dir,
    procEnv: { HOME: dir, XDG_CONFIG_HOME: join(dir, 'config') },
    done: () => rmSync(dir, { recursive: true, force: true }),
  };
}

const ctxOf = (env: Environment, procEnv: TargetContext['procEnv']): TargetContext => ({
  env,
  procEnv,
  workingDir: '/',
  events: new EventBus(),
});

async function runCheck(name: string, ctx: TargetContext): Promise<CheckResult> {
  const check = localTarget.checks!(ctx).find((c) => c.name === name);
  assert.ok(check, `no check ${name}`);
  return check.run(ctx);
}

test('the adapter offers the doctor its checks, by name', () => {
  const s = sandbox();
  try {
    const names = localTarget.checks!(ctxOf(model({}), s.procEnv)).map((c) => c.name);
    assert.deepEqual(names, ['docker-engine', 'host-ports', 'images', 'secrets', 'secrets-file', 'compose-cli']);
  } finally {
    s.done();
  }
});

test('docker-engine fails for a DOCKER_HOST socket nothing listens on, with the fix; the engine-bound checks skip', async () => {
  const s = sandbox();
  try {
    const sock = join(s.dir, 'nothing.sock');
    const ctx = ctxOf(model({}), { ...s.procEnv, DOCKER_HOST: `unix://${sock}` });
    const [engine, ports, images] = await Promise.all(
      localTarget.checks!(ctx)
        .filter((c) => ['docker-engine', 'host-ports', 'images'].includes(c.name))
        .map((c) => c.run(ctx)),
    );
    assert.equal(engine!.status, 'fail');
    assert.ok(engine!.found.includes(`cannot reach the Docker engine at unix://${sock}`), engine!.found);
    assert.match(engine!.found, /ENOENT/);
    assert.match(engine!.fix ?? '', /DOCKER_HOST/);
    for (const r of [ports!, images!]) {
      assert.equal(r.status, 'skip');
      assert.match(r.found, /docker-engine check/);
    }
  } finally {
    s.done();
  }
});

test('secrets: a required secret without a value fails with the line to add; nothing is written', async () => {
  const s = sandbox();
  try {
    const ctx = ctxOf(model({ 'api-key': {}, 'jwt-secret': { generate: { length: 16 } } }), s.procEnv);
    const path = secretsPathFor('chk', s.procEnv);
    const r = await runCheck('secrets', ctx);
    assert.equal(r.status, 'fail');
    assert.match(r.found, /secret "api-key" has no value/);
    assert.ok(r.fix?.includes(path), r.fix);
    assert.equal(r.found, 'secret "api-key" has no value');
    assert.match(r.fix ?? '', /\nOH_SECRET_API_KEY=<value of api-key>$/);
    assert.match(r.fix ?? '', /export OH_SECRET_API_KEY/);
    // The doctor looks; it neither generates jwt-secret nor creates the file.
    assert.equal(existsSync(path), false);
    assert.deepEqual(await runCheck('secrets-file', ctx), {
      status: 'ok',
      found: `${path} does not exist yet; the next up creates it with mode 0600`,
    });
  } finally {
    s.done();
  }
});

test('secrets: values from the file and the environment count, generated ones are announced, no value is shown', async () => {
  const s = sandbox();
  try {
    const path = secretsPathFor('chk', s.procEnv);
    mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
    writeFileSync(path, 'OH_SECRET_API_KEY=stored-value-1234\n', { mode: 0o600 });
    const env = model({ 'api-key': {}, token: {}, 'jwt-secret': { generate: { length: 16 } } });
    const r = await runCheck('secrets', ctxOf(env, { ...s.procEnv, OH_SECRET_TOKEN: 'env-value-5678' }));
    assert.equal(r.status, 'ok');
    assert.equal(
      r.found,
      `every required secret has a value: 1 in the secrets file, 1 from the environment (OH_SECRET_*), 1 generated and kept by the next up (${path})`,
    );
    for (const v of ['stored-value-1234', 'env-value-5678']) assert.ok(!JSON.stringify(r).includes(v));
    assert.equal(statSync(path).size, 'OH_SECRET_API_KEY=stored-value-1234\n'.length, 'the file is left as it was');
  } finally {
    s.done();
  }
});

test('secrets: a file docker compose would read otherwise fails with the line to fix', async () => {
  const s = sandbox();
  try {
    const path = secretsPathFor('chk', s.procEnv);
    mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
    writeFileSync(path, 'OH_SECRET_API_KEY="unterminated\n', { mode: 0o600 });
    const r = await runCheck('secrets', ctxOf(model({ 'api-key': {} }), s.procEnv));
    assert.equal(r.status, 'fail');
    assert.match(r.found, /cannot be read/);
    assert.match(r.fix ?? '', /fix line 1 of /);
  } finally {
    s.done();
  }
});

test('secrets-file: a file others may read fails, and the fix, run as given, makes it pass', async () => {
  const s = sandbox();
  try {
    const path = secretsPathFor('chk', s.procEnv);
    mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
    writeFileSync(path, 'OH_SECRET_API_KEY=v\n');
    chmodSync(path, 0o644);
    const ctx = ctxOf(model({ 'api-key': {} }), s.procEnv);
    const r = await runCheck('secrets-file', ctx);
    assert.equal(r.status, 'fail');
    assert.equal(r.found, `${path} has mode 0644: other users may read the secret values`);
    execFileSync('sh', ['-c', r.fix!]);
    assert.deepEqual(await runCheck('secrets-file', ctx), { status: 'ok', found: `${path} has mode 0600` });
  } finally {
    s.done();
  }
});

test('describeEngine: version, endpoint, and rootless or Docker Desktop from GET /info', () => {
  const sock = 'unix:///var/run/docker.sock';
  assert.equal(
    describeEngine(sock, {
      ServerVersion: '27.3.1',
      OperatingSystem: 'Ubuntu 24.04.1 LTS',
      SecurityOptions: ['name=seccomp,profile=builtin'],
    }),
    `Docker Engine 27.3.1 at ${sock} on Ubuntu 24.04.1 LTS`,
  );
  assert.equal(
    describeEngine('unix:///run/user/1000/docker.sock', {
      ServerVersion: '27.3.1',
      OperatingSystem: 'Debian GNU/Linux 12 (bookworm)',
      SecurityOptions: ['name=seccomp,profile=builtin', 'name=rootless', 'name=cgroupns'],
    }),
    'Docker Engine 27.3.1 at unix:///run/user/1000/docker.sock (rootless) on Debian GNU/Linux 12 (bookworm)',
  );
  assert.equal(
    describeEngine(sock, { ServerVersion: '28.0.4', OperatingSystem: 'Docker Desktop' }),
    `Docker Engine 28.0.4 at ${sock} (Docker Desktop)`,
  );
  assert.equal(
    describeEngine('tcp://10.0.0.5:2375', undefined),
    'Docker Engine (version unknown) at tcp://10.0.0.5:2375',
  );
});

test('compose-cli: no docker CLI on PATH is a warning (oh-env does not need it), with what to install', async () => {
  const s = sandbox();
  try {
    const r = await runCheck('compose-cli', ctxOf(model({}), { ...s.procEnv, PATH: join(s.dir, 'empty-bin') }));
    assert.equal(r.status, 'warn');
    assert.match(r.found, /^the docker CLI is not on PATH/);
    assert.match(r.fix ?? '', /^install the Docker CLI and the Docker Compose plugin .*`docker compose version`$/);
  } finally {
    s.done();
  }
});

// Each bad situation of `oh-env up local` stops with its own clear message and loses nothing: no engine, a
// missing image, a taken host port, a secret without a value, a failing job, an unhealthy service, a second
// `up` at once, and Ctrl-C (the next `up` continues).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { run } from '../../src/cli/main.js';
import type { CliIO } from '../../src/cli/io.js';
import { OhEnvError } from '../../src/errors.js';
import { DEBIAN_IMAGE } from '../lab/images.js';
import { lockPath } from '../../src/engine/config-dir.js';
import { signalError } from '../../src/engine/abort.js';
import { labReady, ROOT, sandbox, type Sandbox } from './harness.js';

const small = (sb: Sandbox, body: string): string => `apiVersion: oh-env.dev/v1alpha1
kind: Environment
metadata:
  name: ${sb.name}
${body}`;

const web = (sb: Sandbox, extra = ''): string => `services:
  web:
    image: ${DEBIAN_IMAGE}
    command: [sleep, infinity]
    ports:
      - { name: http, port: 80, publish: ${sb.port} }
${extra}`;

async function cli(argv: string[], env: Record<string, string | undefined>, cwd: string) {
  let out = '';
  let err = '';
  const io: CliIO = {
    stdout: { write: (s: string) => (out += s) },
    stderr: { write: (s: string) => (err += s) },
    cwd,
    env,
  };
  const code = await run(argv, io);
  return { code, out, err };
}

async function rejectsWith(p: Promise<unknown>, code: string): Promise<OhEnvError> {
  try {
    await p;
  } catch (e) {
    assert.ok(e instanceof OhEnvError, String(e));
    assert.equal(e.code, code, `${e.code}: ${e.message}`);
    return e;
  }
  assert.fail(`expected ${code}`);
}

async function nothingCreated(sb: Sandbox): Promise<void> {
  const label = `label=com.docker.compose.project=${sb.name}`;
  for (const what of [
    ['ps', '-aq'],
    ['network', 'ls', '-q'],
    ['volume', 'ls', '-q'],
  ])
    assert.equal((await sb.docker([...what, '--filter', label])).stdout.trim(), '', `${what[0]} left behind`);
}

test('Docker unreachable: E_DOCKER_UNREACHABLE with where and what to do, exit 1', async () => {
  const sb = await sandbox('nodocker');
  try {
    sb.write(small(sb, web(sb)));
    const r = await cli(
      ['up', 'local', '-f', 'oh-env.yaml'],
      { ...sb.procEnv, DOCKER_HOST: `unix://${join(sb.dir, 'no.sock')}` },
      sb.dir,
    );
    assert.equal(r.code, 1);
    assert.match(r.err, /error\[E_DOCKER_UNREACHABLE\]: cannot reach the Docker engine at unix:\/\/.*no\.sock/);
    assert.match(r.err, /hint: start Docker/);
  } finally {
    await sb.cleanup();
  }
});

test('an image missing: E_IMAGE_MISSING naming it, who uses it and how to build it; nothing created', async (t) => {
  if (!(await labReady(t, [DEBIAN_IMAGE]))) return;
  const sb = await sandbox('noimage');
  try {
    sb.write(small(sb, `services:\n  web:\n    image: oh-env-lab/not-built:0.0.1\n    command: [sleep, infinity]\n`));
    const e = await rejectsWith(sb.up(), 'E_IMAGE_MISSING');
    assert.match(e.message, /oh-env-lab\/not-built:0\.0\.1/);
    assert.ok(e.details.some((d) => d.includes('used by web')));
    assert.match(e.hint ?? '', /npm run lab -- up --for demo/);
    await nothingCreated(sb);
  } finally {
    await sb.cleanup();
  }
});

test('a host port taken by a process or a container: E_PORT_TAKEN naming the holder and the model path; nothing created', async (t) => {
  if (!(await labReady(t, [DEBIAN_IMAGE]))) return;
  const sb = await sandbox('port');
  const server = createServer();
  await new Promise<void>((r) => server.listen(sb.port, '127.0.0.1', r));
  try {
    sb.write(small(sb, web(sb)));
    const e = await rejectsWith(sb.up(), 'E_PORT_TAKEN');
    assert.match(e.message, new RegExp(`127\\.0\\.0\\.1:${sb.port} for "web" is taken by process ${process.pid}`));
    assert.match(e.hint ?? '', /services\.web\.ports\[0\]\.publish/);
    await nothingCreated(sb);
    await new Promise<void>((r) => server.close(() => r()));
    // Now a container of another project holds it.
    const holder = `${sb.name}-holder`;
    await sb.docker([
      'run',
      '-d',
      '--name',
      holder,
      '--label',
      `com.docker.compose.project=${sb.name}-other`,
      '-p',
      `127.0.0.1:${sb.port}:80`,
      DEBIAN_IMAGE,
      'sleep',
      'infinity',
    ]);
    try {
      const e2 = await rejectsWith(sb.up(), 'E_PORT_TAKEN');
      assert.match(e2.message, new RegExp(`taken by container ${holder} \\(Compose project "${sb.name}-other"\\)`));
    } finally {
      await sb.docker(['rm', '-f', holder]);
    }
    await nothingCreated(sb);
  } finally {
    if (server.listening) server.close();
    await sb.cleanup();
  }
});

test('a secret with no value: E_SECRET_MISSING naming the secret and the secrets file; nothing created', async (t) => {
  if (!(await labReady(t, [DEBIAN_IMAGE]))) return;
  const sb = await sandbox('secret');
  try {
    sb.write(
      small(sb, `secrets:\n  api-key: { description: needed }\n${web(sb, '    secretEnv: { API_KEY: api-key }\n')}`),
    );
    const e = await rejectsWith(sb.up(), 'E_SECRET_MISSING');
    assert.match(e.message, /"api-key"/);
    assert.match(
      e.hint ?? '',
      new RegExp(join(sb.dir, 'config', 'oh-env', sb.name, 'secrets.env').replace(/[.]/g, '\\.')),
    );
    assert.ok(e.details.includes('OH_SECRET_API_KEY=<value of api-key>'));
    await nothingCreated(sb);
  } finally {
    await sb.cleanup();
  }
});

test('a failing job stops the run with its exit code and last log lines; dependents are not started', async (t) => {
  if (!(await labReady(t, [DEBIAN_IMAGE]))) return;
  const sb = await sandbox('job');
  try {
    sb.write(
      small(
        sb,
        `jobs:\n  migrate:\n    image: ${DEBIAN_IMAGE}\n    command: [sh, -c, 'echo boom-marker; exit 3']\n${web(sb, '    dependsOn: { migrate: completed }\n')}`,
      ),
    );
    const e = await rejectsWith(sb.up(), 'E_JOB_FAILED');
    assert.match(e.message, /job "migrate" exited with code 3/);
    assert.ok(
      e.details.some((d) => d.includes('boom-marker')),
      e.details.join('\n'),
    );
    // Compose-like, every new container is created up front; the dependent one is never started.
    const webState = (
      await sb.docker([
        'ps',
        '-a',
        '--filter',
        `label=com.docker.compose.project=${sb.name}`,
        '--filter',
        'label=com.docker.compose.service=web',
        '--format',
        '{{.State}}',
      ])
    ).stdout.trim();
    assert.ok(webState === '' || webState === 'created', webState);
  } finally {
    await sb.cleanup();
  }
});

test('a service that never turns healthy: E_UNHEALTHY with its health check and last log lines', async (t) => {
  if (!(await labReady(t, [DEBIAN_IMAGE]))) return;
  const sb = await sandbox('unhealthy');
  try {
    sb.write(
      small(
        sb,
        `services:\n  web:\n    image: ${DEBIAN_IMAGE}\n    command: [sh, -c, 'echo sick-marker; exec sleep infinity']\n    health:\n      readiness: { exec: ['false'], interval: 1s, timeout: 1s, retries: 2 }\n`,
      ),
    );
    const e = await rejectsWith(sb.up(), 'E_UNHEALTHY');
    assert.match(e.message, /"web" is unhealthy/);
    assert.ok(e.details.some((d) => d.includes('sick-marker')));
  } finally {
    await sb.cleanup();
  }
});

test('two ups at once: the second refuses with E_LOCKED naming the first; Ctrl-C leaves a state the next up continues', async (t) => {
  if (!(await labReady(t, [DEBIAN_IMAGE]))) return;
  const sb = await sandbox('lock');
  try {
    sb.write(
      small(
        sb,
        `jobs:\n  slow:\n    image: ${DEBIAN_IMAGE}\n    command: [sleep, '4']\n${web(sb, '    dependsOn: { slow: completed }\n')}`,
      ),
    );
    const { execa } = await import('execa');
    const first = execa(
      process.execPath,
      [
        '--import',
        'tsx',
        '-e',
        `import(${JSON.stringify(join(ROOT, 'src/cli/main.ts'))}).then(async (m) => { process.exitCode = await m.main(['up', 'local', '-f', ${JSON.stringify(join(sb.dir, 'oh-env.yaml'))}]); })`,
      ],
      // From the repository, where tsx resolves; the model is named by its absolute path.
      { cwd: ROOT, env: sb.procEnv as Record<string, string>, reject: false },
    );
    const lock = lockPath(sb.load().metadata.name, sb.procEnv);
    const t0 = Date.now();
    while (!existsSync(lock) && Date.now() - t0 < 20_000) await new Promise((r) => setTimeout(r, 50));
    if (!existsSync(lock)) assert.fail(`the first up never took the lock: ${(await first).stderr}`);
    const e = await rejectsWith(sb.up(), 'E_LOCKED');
    assert.match(e.message, new RegExp(`another oh-env up \\(pid ${first.pid}`));
    assert.equal((await first).exitCode, 0, (await first).stderr);

    // Ctrl-C while the job runs: the run stops, what exists stays; the next up finishes the work.
    await sb.down(true);
    const ac = new AbortController();
    const running = sb.up(ac.signal);
    const t1 = Date.now();
    while (!(await sb.ids()).has('slow') && Date.now() - t1 < 20_000) await new Promise((r) => setTimeout(r, 100));
    ac.abort(signalError('SIGINT'));
    const stopped = await rejectsWith(running, 'E_INTERRUPTED');
    assert.equal(stopped.exitCode, 130, 'Ctrl-C exits as shells report SIGINT, not as bad input');
    assert.equal(existsSync(lock), false, 'the lock is released');
    const after = await sb.up();
    assert.equal(after.changed, true);
    assert.ok((await sb.ids()).has('web'));
    assert.equal((await sb.up()).changed, false);
  } finally {
    await sb.cleanup();
  }
});

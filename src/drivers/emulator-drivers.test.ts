import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fakeGcsArgs, findFakeGcs, labCacheDir } from './fake-gcs.js';
import { encodeCommand } from './redis.js';
import { demuxDockerLogs } from './testcontainers.js';

test('fake-gcs-server is looked for on PATH first, then in the lab cache', () => {
  const dir = mkdtempSync(join(tmpdir(), 'oh-env-fgcs-'));
  try {
    const onPath = join(dir, 'path');
    const cache = join(dir, 'cache');
    mkdirSync(onPath);
    mkdirSync(join(cache, 'bin'), { recursive: true });
    assert.equal(findFakeGcs({ PATH: onPath, OH_ENV_LAB_CACHE: cache }), undefined);
    writeFileSync(join(cache, 'bin', 'fake-gcs-server'), '');
    chmodSync(join(cache, 'bin', 'fake-gcs-server'), 0o755);
    assert.equal(findFakeGcs({ PATH: onPath, OH_ENV_LAB_CACHE: cache }), join(cache, 'bin', 'fake-gcs-server'));
    writeFileSync(join(onPath, 'fake-gcs-server'), '');
    assert.equal(findFakeGcs({ PATH: onPath, OH_ENV_LAB_CACHE: cache }), join(onPath, 'fake-gcs-server'));
    assert.equal(labCacheDir({}).endsWith(join('.cache', 'oh-env')), true);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('fake-gcs-server listens on loopback over http and hands out upload URLs that point back at it', () => {
  const args = fakeGcsArgs(4321, 'filesystem', '/data');
  const flag = (f: string) => args[args.indexOf(f) + 1];
  assert.equal(flag('-scheme'), 'http');
  assert.equal(flag('-host'), '127.0.0.1');
  assert.equal(flag('-port'), '4321');
  assert.equal(flag('-external-url'), 'http://127.0.0.1:4321');
  assert.equal(flag('-public-host'), '127.0.0.1:4321');
  assert.equal(flag('-filesystem-root'), '/data');
  assert.ok(!fakeGcsArgs(1, 'memory').includes('-filesystem-root'));
});

test('redis commands are RESP arrays of bulk strings (lengths in bytes)', () => {
  assert.equal(encodeCommand(['PING']), '*1\r\n$4\r\nPING\r\n');
  assert.equal(encodeCommand(['SET', 'k', 'é']), '*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$2\r\né\r\n');
});

test("docker's multiplexed logs are joined in order; a plain (tty) stream passes through", () => {
  const frame = (stream: number, text: string) => {
    const body = Buffer.from(text);
    const head = Buffer.alloc(8);
    head[0] = stream;
    head.writeUInt32BE(body.length, 4);
    return Buffer.concat([head, body]);
  };
  assert.equal(demuxDockerLogs(Buffer.concat([frame(1, 'out\n'), frame(2, 'err\n')])), 'out\nerr\n');
  assert.equal(demuxDockerLogs(Buffer.from('plain\n')), 'plain\n');
});

test('a fake-gcs-server that exits at once is a clear error with the command line to retry by hand', async () => {
  const { startFakeGcs } = await import('./fake-gcs.js');
  await assert.rejects(
    startFakeGcs({ binary: '/bin/false', timeoutMs: 2000 }),
    (e: Error & { code?: string; details?: readonly string[] }) =>
      e.code === 'E_COMMAND_FAILED' &&
      /did not start/.test(e.message) &&
      (e.details ?? []).some((l) => l.startsWith('$ /bin/false -scheme http -host 127.0.0.1')),
  );
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { run } from '../main.js';
import type { CliIO } from '../io.js';
import { parseSecrets } from './emulate.js';

const ROOT = new URL('../../..', import.meta.url).pathname;

function memoryIO(env: Record<string, string>): CliIO & { out: () => string; err: () => string } {
  let out = '';
  let err = '';
  return {
    stdout: { write: (s: string) => (out += s) },
    stderr: { write: (s: string) => (err += s) },
    cwd: ROOT,
    env,
    out: () => out,
    err: () => err,
  };
}

test('--secret takes NAME=VALUE pairs; the value may contain "="', () => {
  assert.deepEqual(parseSecrets(['a=1', 'llm-api-key=sk=x']), { a: '1', 'llm-api-key': 'sk=x' });
  assert.throws(() => parseSecrets(['novalue']), /expected NAME=VALUE/);
  assert.throws(() => parseSecrets(['=x']), /expected NAME=VALUE/);
});

test('without fake-gcs-server, emulate says how to get it and starts nothing', async () => {
  const empty = mkdtempSync(join(tmpdir(), 'oh-env-nofgcs-'));
  try {
    const io = memoryIO({ PATH: empty, OH_ENV_LAB_CACHE: empty });
    const code = await run(['emulate', '-f', 'fixtures/demo/oh-env.yaml'], io);
    assert.equal(code, 1);
    assert.match(io.err(), /E_TOOL_MISSING/);
    assert.match(io.err(), /npm run lab -- up/);
    assert.equal(io.out(), '', 'no env printed');
  } finally {
    rmSync(empty, { recursive: true, force: true });
  }
});

test('a malformed --secret is a usage error before anything starts', async () => {
  const io = memoryIO({ PATH: '', OH_ENV_LAB_CACHE: '/nonexistent' });
  const code = await run(['emulate', '-f', 'fixtures/valid-minimal.yaml', '--secret', 'oops'], io);
  assert.equal(code, 2);
  assert.match(io.err(), /NAME=VALUE/);
});

test('an unknown --service is a usage error before anything starts', async () => {
  const io = memoryIO({ PATH: '', OH_ENV_LAB_CACHE: '/nonexistent' });
  const code = await run(['emulate', '-f', 'fixtures/demo/oh-env.yaml', '--service', 'nope'], io);
  assert.equal(code, 2);
  assert.match(io.err(), /"nope" is not a service/);
  assert.match(io.err(), /app/);
});

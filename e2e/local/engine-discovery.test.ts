// One engine discovery for both ways oh-env reaches Docker: the driver's own client (`up`, `status`, `ps`,
// `logs`) and testcontainers (`emulate`, the testing API). With no DOCKER_HOST and a Docker context that names
// the engine by another path, both must end at that path, and testcontainers must really work there.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { run } from '../../src/drivers/exec.js';
import { findEngine } from '../../src/drivers/docker/engine-endpoint.js';
import { diskReader } from '../../src/drivers/files.js';

const ROOT = new URL('../..', import.meta.url).pathname;

const PROBE = `
import { connectDocker } from './src/drivers/docker/client.ts';
import { assertDocker } from './src/drivers/testcontainers.ts';
await assertDocker();
const { getContainerRuntimeClient } = await import('testcontainers');
const tc = await getContainerRuntimeClient();
const client = await connectDocker(process.env);
const info = await client.get('/info');
console.log(JSON.stringify({
  client: client.endpoint,
  testcontainers: tc.container.dockerode.modem.socketPath,
  sameEngine: info.ID === (await tc.container.dockerode.info()).ID,
}));
`;

test('a Docker context leads the driver client and testcontainers to the same engine', async (t) => {
  const real = findEngine({ ...process.env, DOCKER_CONTEXT: undefined }, diskReader).host;
  if (!real.startsWith('unix://')) return t.skip(`the engine is not on a unix socket here (${real})`);
  const dir = mkdtempSync(join(tmpdir(), 'oh-env-context-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  // The same engine under another name, so the answer shows which way each client went.
  const socket = join(dir, 'engine.sock');
  symlinkSync(real.slice('unix://'.length), socket);
  const sha = createHash('sha256').update('oh-env-test').digest('hex');
  mkdirSync(join(dir, 'contexts/meta', sha), { recursive: true });
  writeFileSync(
    join(dir, 'contexts/meta', sha, 'meta.json'),
    JSON.stringify({ Name: 'oh-env-test', Metadata: {}, Endpoints: { docker: { Host: `unix://${socket}` } } }),
  );
  writeFileSync(join(dir, 'config.json'), JSON.stringify({ currentContext: 'oh-env-test' }));
  const env: Record<string, string | undefined> = { ...process.env, DOCKER_CONFIG: dir };
  delete env.DOCKER_HOST;
  delete env.DOCKER_CONTEXT;
  delete env.DOCKER_CERT_PATH;
  delete env.DOCKER_TLS_VERIFY;
  const r = await run(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', PROBE], { cwd: ROOT, env });
  assert.deepEqual(JSON.parse(r.stdout.trim().split('\n').at(-1)!), {
    client: `unix://${socket}`,
    testcontainers: socket,
    sameEngine: true,
  });
});

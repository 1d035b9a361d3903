// Smoke: the lab's fake-gcs-server (its Go build, run on a free loopback port) takes an upload and gives it
// back through @google-cloud/storage; the image built from the same binary serves HTTP and has the tools a
// health check needs (curl, wget).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execa } from 'execa';
import { freePort, uniqueName } from './helpers.js';
import { FAKE_GCS_IMAGE, labBin } from '../lab/index.js';

async function waitForHttp(url: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not up yet
    }
    if (Date.now() > deadline) throw new Error(`${url} did not answer within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

test('fake-gcs-server takes an upload and a download through @google-cloud/storage', async () => {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  // -external-url and -public-host: resumable upload URLs must point back at this server.
  const gcs = execa(
    labBin('fake-gcs-server'),
    [
      '-scheme',
      'http',
      '-host',
      '127.0.0.1',
      '-port',
      String(port),
      '-backend',
      'memory',
      '-external-url',
      url,
      '-public-host',
      `127.0.0.1:${port}`,
      '-log-level',
      'warn',
    ],
    { reject: false, all: true },
  );
  try {
    await waitForHttp(`${url}/storage/v1/b`, 15_000);
    const { Storage } = await import('@google-cloud/storage');
    const storage = new Storage({ apiEndpoint: url, projectId: 'oh-env-lab' });
    const [bucket] = await storage.createBucket(uniqueName('smoke'));
    const small = bucket.file('a/hello.txt');
    await small.save('hello from the lab', { resumable: false, contentType: 'text/plain' });
    const big = bucket.file('big.bin');
    const bytes = Buffer.alloc(300_000, 7);
    await big.save(bytes); // resumable: needs the Location header built from -external-url
    assert.equal((await small.download())[0].toString(), 'hello from the lab');
    assert.ok((await big.download())[0].equals(bytes));
    const [files] = await bucket.getFiles();
    assert.deepEqual(files.map((f) => f.name).sort(), ['a/hello.txt', 'big.bin']);
  } finally {
    gcs.kill();
    await gcs;
  }
});

test('the fake-gcs-server image serves HTTP and has curl and wget', async () => {
  const { GenericContainer, Wait } = await import('testcontainers');
  const container = await new GenericContainer(FAKE_GCS_IMAGE)
    .withExposedPorts(4443)
    .withWaitStrategy(Wait.forHttp('/storage/v1/b', 4443))
    .start();
  try {
    const res = await fetch(`http://${container.getHost()}:${container.getMappedPort(4443)}/storage/v1/b`);
    assert.equal(res.status, 200);
    for (const probe of [
      ['curl', '-fsS', '-o', '/dev/null', 'http://127.0.0.1:4443/storage/v1/b'],
      ['wget', '-q', '-O', '/dev/null', 'http://127.0.0.1:4443/storage/v1/b'],
    ]) {
      const r = await container.exec(probe);
      assert.equal(r.exitCode, 0, `${probe[0]}: ${r.output}`);
    }
  } finally {
    await container.stop();
  }
});

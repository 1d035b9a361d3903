// The stats of a running container against the real engine: read every few seconds (one-shot reads, CPU
// measured between two of them), ended by the container stopping (the engine's wait answer), not by the next
// read, and by the caller's signal.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { connectDocker } from '../../src/drivers/docker/client.js';
import {
  createContainer,
  killContainer,
  removeContainer,
  startContainer,
} from '../../src/drivers/docker/containers.js';
import { followStats, type Sample } from '../../src/drivers/docker/stats.js';

const IMAGE = 'oh-env-lab/debian:bookworm';

test('followStats: samples of a running container; ends when it stops and when the signal aborts', async (t) => {
  const client = await connectDocker(process.env);
  const name = `oh-env-stats-${process.pid}`;
  // A steady load of about half a core, so the CPU between two reads is clearly not 0.
  const id = await createContainer(client, {
    name,
    Image: IMAGE,
    Cmd: ['sh', '-c', 'while :; do i=0; while [ $i -lt 20000 ]; do i=$((i+1)); done; sleep 0.05; done'],
    Labels: { 'dev.oh-env.test': name },
  });
  t.after(() => removeContainer(client, id, { force: true }));
  await startContainer(client, id);

  const samples: Sample[] = [];
  const ac = new AbortController();
  const following = followStats(client, id, ac.signal, (s) => samples.push(s), 500);
  const deadline = Date.now() + 15_000;
  while (samples.length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  assert.ok(samples.length > 0, 'a sample within 15 s');
  assert.ok(samples[0]!.cpuPercent > 5, `CPU between two reads: ${samples[0]!.cpuPercent}%`);
  assert.ok(samples[0]!.memoryBytes > 0);
  ac.abort();
  await following; // resolves on abort

  // With reads a minute apart, only the engine's wait answer can end the samples soon after the kill.
  const stopped = followStats(client, id, new AbortController().signal, () => undefined, 60_000);
  await new Promise((r) => setTimeout(r, 500));
  const killedAt = Date.now();
  await killContainer(client, id);
  await stopped;
  assert.ok(Date.now() - killedAt < 10_000, `ended ${Date.now() - killedAt} ms after the kill`);
});

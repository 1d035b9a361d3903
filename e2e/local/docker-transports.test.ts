// The Docker driver's calls through both transports of the client (node:http on the socket, used for unix and
// plain tcp engines; dockerode's modem, used for TLS and ssh engines) against the real engine: the same
// operations must behave alike whichever way they travel.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { connectDocker, statusOf } from '../../src/drivers/docker/client.js';
import {
  createContainer,
  inspectContainer,
  killContainer,
  listContainers,
  removeContainer,
  restartContainer,
  startContainer,
  stopContainer,
} from '../../src/drivers/docker/containers.js';
import { followProjectEvents, type DockerContainerEvent } from '../../src/drivers/docker/events.js';
import { execExitCode } from '../../src/drivers/docker/exec.js';
import { compareApiVersions } from '../../src/drivers/docker/wire.js';
import { followLogs, tailLogs } from '../../src/drivers/docker/logs.js';
import { createNetwork, findNetwork, removeNetwork } from '../../src/drivers/docker/networks.js';
import { createVolume, findVolume, removeVolume } from '../../src/drivers/docker/volumes.js';

const IMAGE = 'oh-env-lab/debian:bookworm';

for (const viaSdk of [false, true]) {
  test(`driver calls through ${viaSdk ? "dockerode's modem" : 'node:http'}`, async (t) => {
    const client = await connectDocker(process.env, 5000, { viaSdk });
    const project = `oh-env-transport-${viaSdk ? 'sdk' : 'http'}-${process.pid}`;
    const labels = { 'com.docker.compose.project': project };
    const events: DockerContainerEvent[] = [];
    const stream = await followProjectEvents(client, project, (e) => events.push(e));
    const ids: string[] = [];
    t.after(async () => {
      stream.close();
      for (const id of ids) await removeContainer(client, id, { force: true });
      const n = await findNetwork(client, project);
      if (n) await removeNetwork(client, n.id);
      if (await findVolume(client, project)) await removeVolume(client, project);
    });

    // The negotiated API version is one the engine speaks (the lab's Docker 20.10 speaks up to 1.41).
    const version = await client.get<{ ApiVersion: string; MinAPIVersion: string }>('/version');
    assert.ok(
      compareApiVersions(version!.MinAPIVersion, client.apiVersion) <= 0 &&
        compareApiVersions(client.apiVersion, version!.ApiVersion) <= 0,
      `engine speaks ${version!.MinAPIVersion}..${version!.ApiVersion}, we speak ${client.apiVersion}`,
    );

    await createNetwork(client, project, labels);
    await createVolume(client, project, labels);
    assert.equal((await findNetwork(client, project))?.labels['com.docker.compose.project'], project);
    assert.equal((await findVolume(client, project))?.name, project);

    const id = await createContainer(client, {
      name: `${project}-box`,
      Image: IMAGE,
      Cmd: ['sh', '-c', 'echo out; echo err >&2; exec sleep 600'],
      Labels: labels,
      HostConfig: { NetworkMode: project, Binds: [`${project}:/data`] },
    });
    ids.push(id);
    // A path that carries its own query string (dockerode's modem used to cut its last character).
    assert.deepEqual(
      (await listContainers(client, [`com.docker.compose.project=${project}`])).map((c) => c.id),
      [id],
    );
    await startContainer(client, id);
    await startContainer(client, id); // already running: fine
    assert.equal((await inspectContainer(client, id))?.running, true);
    assert.equal(await execExitCode(client, id, ['sh', '-c', 'exit 3'], 5000), 3);
    assert.equal(await execExitCode(client, id, ['test', '-d', '/data'], 5000), 0);
    for (let i = 0; i < 50 && (await tailLogs(client, id, 10)).length < 2; i++)
      await new Promise((r) => setTimeout(r, 50));
    assert.deepEqual((await tailLogs(client, id, 10)).map((l) => [l.stream, l.line]).sort(), [
      ['stderr', 'err'],
      ['stdout', 'out'],
    ]);
    const followed: string[] = [];
    const ac = new AbortController();
    const following = followLogs(client, id, { follow: true, tail: 1, signal: ac.signal }, (l) =>
      followed.push(l.line),
    );
    await execExitCode(client, id, ['sh', '-c', 'echo later > /proc/1/fd/1'], 5000);
    for (let i = 0; i < 50 && !followed.includes('later'); i++) await new Promise((r) => setTimeout(r, 50));
    ac.abort();
    await following;
    assert.ok(followed.includes('later'), `followed: ${followed.join(', ')}`);

    await restartContainer(client, id, 0);
    await stopContainer(client, id, 0);
    await stopContainer(client, id, 0); // already stopped: fine
    await killContainer(client, id); // not running: fine
    assert.equal((await inspectContainer(client, id))?.running, false);
    await assert.rejects(
      createContainer(client, { name: `${project}-box`, Image: IMAGE, Labels: labels }),
      (e) => statusOf(e) === 409,
    );
    await removeContainer(client, id, { force: true });
    await removeContainer(client, id); // gone: fine
    assert.equal(await inspectContainer(client, id), undefined);
    for (let i = 0; i < 50 && !events.some((e) => e.action === 'destroy'); i++)
      await new Promise((r) => setTimeout(r, 50));
    const actions = events.filter((e) => e.id === id).map((e) => e.action);
    for (const a of ['create', 'start', 'die', 'destroy'])
      assert.ok(actions.includes(a), `events: ${actions.join(', ')}`);
  });
}

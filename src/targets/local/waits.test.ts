import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { DockerClient } from '../../drivers/docker/client.js';
import { ContainerWaits, hostReachesContainers } from './waits.js';

/** A client whose inspect answers from `state`; nothing else is needed by these waits. */
function fakeClient(state: { running: boolean; status: string; exitCode: number; health?: string }): DockerClient {
  return {
    endpoint: 'fake',
    apiVersion: '1.41',
    call: () => Promise.reject(new Error('only inspect in unit tests')),
    open: () => Promise.reject(new Error('only inspect in unit tests')),
    get: <T>() =>
      Promise.resolve({
        Id: 'c1',
        Name: '/p-a-1',
        RestartCount: 0,
        State: {
          Running: state.running,
          Status: state.status,
          ExitCode: state.exitCode,
          StartedAt: '',
          FinishedAt: '',
          ...(state.health ? { Health: { Status: state.health } } : {}),
        },
        Config: { Labels: {}, Env: [] },
      } as T),
  };
}

const signal = () => new AbortController().signal;

test('healthy: decided by inspect when already healthy, else by the health_status event', async () => {
  const done = new ContainerWaits(fakeClient({ running: true, status: 'running', exitCode: 0, health: 'healthy' }));
  assert.deepEqual(await done.healthy('c1', 5000, signal()), { kind: 'healthy' });

  const w = new ContainerWaits(fakeClient({ running: true, status: 'running', exitCode: 0, health: 'starting' }));
  const p = w.healthy('c1', 5000, signal());
  await new Promise((r) => setTimeout(r, 10));
  w.onEvent({ id: 'other', action: 'health_status', health: 'healthy', timeNano: 0 });
  w.onEvent({ id: 'c1', action: 'health_status', health: 'healthy', timeNano: 1 });
  assert.deepEqual(await p, { kind: 'healthy' });
});

test('healthy: unhealthy, death and the deadline end the wait', async () => {
  const w = new ContainerWaits(fakeClient({ running: true, status: 'running', exitCode: 0, health: 'starting' }));
  const sick = w.healthy('c1', 5000, signal());
  await new Promise((r) => setTimeout(r, 10));
  w.onEvent({ id: 'c1', action: 'health_status', health: 'unhealthy', timeNano: 1 });
  assert.deepEqual(await sick, { kind: 'unhealthy' });

  const dead = w.healthy('c1', 5000, signal());
  await new Promise((r) => setTimeout(r, 10));
  w.onEvent({ id: 'c1', action: 'die', exitCode: 137, timeNano: 2 });
  assert.deepEqual(await dead, { kind: 'exited', exitCode: 137 });

  assert.deepEqual(await w.healthy('c1', 30, signal()), { kind: 'timeout' });
});

test('exited: a job that already finished is seen by inspect; a running one by its die event; abort rejects', async () => {
  const finished = new ContainerWaits(fakeClient({ running: false, status: 'exited', exitCode: 3 }));
  assert.deepEqual(await finished.exited('c1', 5000, signal()), { kind: 'exited', exitCode: 3 });

  const w = new ContainerWaits(fakeClient({ running: true, status: 'running', exitCode: 0 }));
  const p = w.exited('c1', 5000, signal());
  await new Promise((r) => setTimeout(r, 10));
  w.onEvent({ id: 'c1', action: 'die', exitCode: 0, timeNano: 1 });
  assert.deepEqual(await p, { kind: 'exited', exitCode: 0 });

  const ac = new AbortController();
  const aborted = w.exited('c1', 5000, ac.signal);
  ac.abort(new Error('interrupted'));
  await assert.rejects(aborted, /interrupted/);
});

test('container addresses are asked directly only of a rootful engine on this Linux machine', () => {
  const rootful = {
    OperatingSystem: 'Debian GNU/Linux 12 (bookworm)',
    SecurityOptions: ['name=seccomp,profile=default'],
  };
  assert.equal(hostReachesContainers('unix:///var/run/docker.sock', 'linux', rootful), true);
  assert.equal(hostReachesContainers('tcp://10.0.0.5:2375', 'linux', rootful), false);
  assert.equal(hostReachesContainers('unix:///var/run/docker.sock', 'darwin', rootful), false);
  assert.equal(
    hostReachesContainers('unix:///run/user/1000/docker.sock', 'linux', {
      ...rootful,
      SecurityOptions: ['name=seccomp,profile=default', 'name=rootless'],
    }),
    false,
  );
  assert.equal(
    hostReachesContainers('unix:///home/u/.docker/desktop/docker.sock', 'linux', { OperatingSystem: 'Docker Desktop' }),
    false,
  );
  assert.equal(hostReachesContainers('unix:///var/run/docker.sock', 'linux', undefined), false);
});

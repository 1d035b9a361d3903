// `oh-env down local`: stops and removes the project's containers (whoever created them: oh-env or
// `docker compose up`) and its network; volumes, and so the data, stay unless `volumes` is asked for.
import { connectDocker } from '../../drivers/docker/client.js';
import { listContainers, removeContainer, stopContainer } from '../../drivers/docker/containers.js';
import { listNetworks, removeNetwork } from '../../drivers/docker/networks.js';
import { listVolumes, removeVolume } from '../../drivers/docker/volumes.js';
import { projectName } from '../../render/local/compose-project.js';
import { L } from './compose-labels.js';
import { acquireLock } from './lock.js';
import type { LocalContext } from './up.js';
import { lockPath, stamped } from './up.js';

export interface DownResult {
  readonly containers: readonly string[];
  readonly networks: readonly string[];
  readonly volumes: readonly string[];
  readonly keptVolumes: readonly string[];
}

export async function downLocal(ctx: LocalContext, opts: { volumes: boolean }): Promise<DownResult> {
  const started = Date.now();
  const bus = stamped(ctx.events);
  const project = projectName(ctx.env);
  const client = await connectDocker(ctx.procEnv);
  bus.send({
    type: 'run.started',
    command: 'down',
    env: ctx.env.metadata.name,
    target: 'local',
    context: client.endpoint,
  });
  const lock = acquireLock(lockPath(ctx.env, ctx.procEnv), 'down', ctx.env.metadata.name);
  const label = `${L.project}=${project}`;
  try {
    const containers = await listContainers(client, [label]);
    await Promise.all(
      containers.map(async (c) => {
        const service = c.labels[L.service] ?? c.name;
        bus.send({ type: 'step.started', id: `remove:${c.name}`, title: `remove ${c.name}`, resource: service });
        const t0 = Date.now();
        await stopContainer(client, c.id);
        await removeContainer(client, c.id, { force: true });
        bus.send({ type: 'resource.status', resource: service, kind: kindOf(c.labels), state: 'removed' });
        bus.send({ type: 'step.ended', id: `remove:${c.name}`, ok: true, durationMs: Date.now() - t0 });
      }),
    );
    const networks = await listNetworks(client, label);
    for (const n of networks) {
      await removeNetwork(client, n.id);
      bus.send({ type: 'resource.status', resource: n.name, kind: 'network', state: 'removed' });
    }
    const vols = await listVolumes(client, label);
    if (opts.volumes)
      for (const v of vols) {
        await removeVolume(client, v.name);
        bus.send({ type: 'resource.status', resource: v.name, kind: 'volume', state: 'removed' });
      }
    const result = {
      containers: containers.map((c) => c.name).sort(),
      networks: networks.map((n) => n.name).sort(),
      volumes: opts.volumes ? vols.map((v) => v.name).sort() : [],
      keptVolumes: opts.volumes ? [] : vols.map((v) => v.name).sort(),
    };
    bus.send({
      type: 'run.ended',
      ok: true,
      durationMs: Date.now() - started,
      summary: `removed ${result.containers.length} containers, ${result.networks.length} networks, ${result.volumes.length} volumes`,
    });
    return result;
  } catch (e) {
    bus.send({
      type: 'run.ended',
      ok: false,
      durationMs: Date.now() - started,
      summary: e instanceof Error ? e.message : String(e),
    });
    throw e;
  } finally {
    lock.release();
  }
}

export const kindOf = (labels: Readonly<Record<string, string>>): 'service' | 'job' | 'backend' => {
  const k = labels['dev.oh-env.kind'];
  return k === 'job' || k === 'backend' ? k : 'service';
};

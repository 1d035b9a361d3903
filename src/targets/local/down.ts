// `oh-env down local`: stops and removes the project's containers (whoever created them: oh-env or
// `docker compose up`) and its network; volumes, and so the data, stay unless `volumes` is asked for.
import { connectDocker } from '../../drivers/docker/client.js';
import { listContainers, removeContainer, stopContainer } from '../../drivers/docker/containers.js';
import { listNetworks, removeNetwork } from '../../drivers/docker/networks.js';
import { listVolumes, removeVolume } from '../../drivers/docker/volumes.js';
import { withRun } from '../../engine/run.js';
import { step } from '../../engine/step.js';
import { kindOf } from '../../render/labels.js';
import { projectName } from '../../render/local/compose-project.js';
import type { DownOptions, DownResult, TargetContext } from '../target.js';
import { L } from './compose-labels.js';

const count = (r: DownResult, kind: string): number => r.removed[kind]?.length ?? 0;

export async function downLocal(ctx: TargetContext, opts: DownOptions): Promise<DownResult> {
  const project = projectName(ctx.env);
  const client = await connectDocker(ctx.procEnv);
  return withRun<DownResult>(
    ctx,
    {
      command: 'down',
      target: 'local',
      env: ctx.env.metadata.name,
      context: client.endpoint,
      procEnv: ctx.procEnv,
      lock: true,
      interruptHint: 'run oh-env down local again: it removes what is left',
      summary: (r) =>
        `removed ${count(r, 'containers')} containers, ${count(r, 'networks')} networks, ${count(r, 'volumes')} volumes`,
    },
    async ({ bus }) => {
      const label = `${L.project}=${project}`;
      const containers = await listContainers(client, [label]);
      await Promise.all(
        containers.map(async (c) => {
          const service = c.labels[L.service] ?? c.name;
          await step(bus, { id: `remove:${c.name}`, title: `remove ${c.name}`, resource: service }, async () => {
            await stopContainer(client, c.id);
            await removeContainer(client, c.id, { force: true });
            bus.send({ type: 'resource.status', resource: service, kind: kindOf(c.labels), state: 'removed' });
          });
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
      const names = (xs: readonly { name: string }[]): string[] => xs.map((x) => x.name).sort();
      return {
        removed: {
          containers: names(containers),
          networks: names(networks),
          volumes: opts.volumes ? names(vols) : [],
        },
        kept: { volumes: opts.volumes ? [] : names(vols) },
      };
    },
  );
}

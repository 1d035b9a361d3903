// `oh-env ps [local]`: what the engine runs for the project, one row per container, with Compose-created and
// oh-env-created containers alike (they carry the same labels).
import { connectDocker } from '../../drivers/docker/client.js';
import { listContainers } from '../../drivers/docker/containers.js';
import { kindOf } from '../../render/labels.js';
import { projectName } from '../../render/local/compose-project.js';
import type { PsRow, TargetContext } from '../target.js';
import { L } from './compose-labels.js';

export async function psLocal({ env, procEnv }: Pick<TargetContext, 'env' | 'procEnv'>): Promise<PsRow[]> {
  const client = await connectDocker(procEnv);
  const project = projectName(env);
  const names = new Set([...Object.keys(env.services), ...Object.keys(env.jobs), ...Object.keys(env.backends)]);
  const list = await listContainers(client, [`${L.project}=${project}`]);
  return list
    .map((c) => {
      const service = c.labels[L.service] ?? c.name;
      return {
        service,
        kind: kindOf(c.labels),
        name: c.name,
        id: c.id.slice(0, 12),
        state: c.state,
        ...(c.health ? { health: c.health } : {}),
        ...(c.exitCode !== undefined ? { exitCode: c.exitCode } : {}),
        status: c.status,
        image: c.image,
        ports: c.ports
          .filter((p) => p.publicPort !== undefined)
          .map((p) => `${p.ip ?? ''}:${p.publicPort}->${p.privatePort}/${p.type}`)
          .sort(),
        inModel: names.has(service),
      };
    })
    .sort((a, b) => (a.service < b.service ? -1 : a.service > b.service ? 1 : a.name < b.name ? -1 : 1));
}

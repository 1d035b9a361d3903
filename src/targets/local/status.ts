// `oh-env ps local`: what the engine runs for the project, one row per container, with Compose-created and
// oh-env-created containers alike (they carry the same labels).
import { connectDocker } from '../../drivers/docker/client.js';
import { listContainers } from '../../drivers/docker/containers.js';
import type { Environment } from '../../model/schema.js';
import { projectName } from '../../render/local/compose-project.js';
import { L } from './compose-labels.js';
import { kindOf } from './down.js';

export interface ContainerRow {
  readonly service: string;
  readonly kind: 'service' | 'job' | 'backend';
  readonly name: string;
  readonly id: string;
  readonly state: string;
  readonly health?: string;
  readonly exitCode?: number;
  readonly status: string;
  readonly image: string;
  readonly ports: readonly string[];
  readonly inModel: boolean;
}

export async function psLocal(
  env: Environment,
  procEnv: Readonly<Record<string, string | undefined>>,
): Promise<ContainerRow[]> {
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

/** A plain table: SERVICE KIND STATE PORTS IMAGE. */
export function psTable(rows: readonly ContainerRow[]): string {
  const head = ['SERVICE', 'KIND', 'STATE', 'PORTS', 'IMAGE'];
  const body = rows.map((r) => [
    r.service + (r.inModel ? '' : ' (not in model)'),
    r.kind,
    r.state === 'exited' ? `exited (${r.exitCode ?? '?'})` : r.health ? `${r.state} (${r.health})` : r.state,
    r.ports.join(', ') || '-',
    r.image,
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i]!.length)));
  const line = (cells: readonly string[]) =>
    cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]!))).join('  ');
  return `${[line(head), ...body.map(line)].join('\n')}\n`;
}

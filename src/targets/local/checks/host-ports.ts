// Are the host ports the model publishes free? A port held by this environment's own container is fine (`up`
// keeps or replaces it); one held by another container or process fails with every clash at once.
import { listContainers } from '../../../drivers/docker/containers.js';
import { composeProject } from '../../../render/local/compose-project.js';
import type { CheckResult, TargetContext } from '../../target.js';
import { L } from '../compose-labels.js';
import { containersByService } from '../plan.js';
import { portClashes, type PortClaim } from '../preflight.js';
import { failed, withEngine, type EngineConnection } from './result.js';

export function checkHostPorts(engine: EngineConnection, ctx: Pick<TargetContext, 'env'>): Promise<CheckResult> {
  return withEngine(engine, async (client) => {
    const project = composeProject(ctx.env);
    const mine = containersByService(await listContainers(client, [`${L.project}=${project.name}`]));
    const claims: PortClaim[] = project.services
      .filter((s) => s.ports.length > 0)
      .map((s) => {
        const existing = mine.get(s.name)?.[0];
        return { name: s.name, ports: s.ports, ...(existing ? { existing } : {}) };
      });
    const ports = claims.flatMap((c) => c.ports.map((p) => `${p.hostIp}:${p.published}`));
    if (ports.length === 0) return { status: 'ok', found: 'the model publishes no host port' };
    const clashes = await portClashes(client, ctx.env, claims);
    if (clashes.length === 0) return { status: 'ok', found: `free (or held by this environment): ${ports.join(', ')}` };
    const each = clashes.map((e) => failed(e));
    return {
      status: 'fail',
      found: each.map((r) => r.found).join(' | '),
      fix: [...new Set(each.map((r) => r.fix))].join(' | '),
    };
  });
}

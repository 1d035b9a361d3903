// What is and what should be, for `plan local` and `up local` alike: the Compose project of the model, the
// secret values, the image ids, the project's containers, network and volumes on the engine, and the plan
// (create / recreate / start / keep per container, orphans to remove). Reads only, apart from the secrets
// file, whose generated values are created once and kept.
import type { DockerClient } from '../../drivers/docker/client.js';
import { listContainers } from '../../drivers/docker/containers.js';
import { findNetwork } from '../../drivers/docker/networks.js';
import { findVolume } from '../../drivers/docker/volumes.js';
import type { Action, PlanReport, TargetContext } from '../target.js';
import { composeProject, type ComposeProject } from '../../render/local/compose-project.js';
import { L, networkName, volumeName } from './compose-labels.js';
import { serviceConfigHash } from './compose-hash.js';
import { resolveEnv } from './container-spec.js';
import { changes, planProject, type Plan } from './plan.js';
import { resolveImages } from './preflight.js';
import { ensureSecrets, type ResolvedSecrets } from './secrets.js';

export interface Survey {
  readonly project: ComposeProject;
  readonly secrets: ResolvedSecrets;
  readonly plan: Plan;
  /** The project's network exists. */
  readonly network: boolean;
  /** Volume keys of the project that do not exist yet. */
  readonly missingVolumes: readonly string[];
}

/**
 * The one place the local target gets its secret values from (the secret source of the engine replaces
 * this call, and only this call).
 */
export const localSecrets = (project: ComposeProject, procEnv: TargetContext['procEnv']): ResolvedSecrets =>
  ensureSecrets(project, procEnv);

export async function survey(
  client: DockerClient,
  ctx: Pick<TargetContext, 'env' | 'procEnv' | 'workingDir'>,
): Promise<Survey> {
  const project = composeProject(ctx.env);
  const secrets = localSecrets(project, ctx.procEnv);
  const [images, actual, network, volumes] = await Promise.all([
    resolveImages(client, project),
    listContainers(client, [`${L.project}=${project.name}`]),
    findNetwork(client, networkName(project.name)),
    Promise.all(project.volumes.map(async (v) => [v, await findVolume(client, volumeName(project.name, v))] as const)),
  ]);
  const desired = project.services.map((s) => ({
    service: s,
    configHash: serviceConfigHash(s, resolveEnv(s, secrets.values), ctx.workingDir),
    imageId: images.get(s.image)!,
  }));
  return {
    project,
    secrets,
    plan: planProject(desired, actual),
    network: network !== undefined,
    missingVolumes: volumes.filter(([, v]) => !v).map(([k]) => k),
  };
}

/** Anything to create, recreate, start or remove. */
export const anyChange = (s: Survey): boolean => changes(s.plan) > 0 || !s.network || s.missingVolumes.length > 0;

/** The whole plan, kept containers included, for `oh-env plan local`. */
export function planActions(s: Survey): Action[] {
  const out: Action[] = [];
  if (!s.network) out.push({ resource: networkName(s.project.name), action: 'create', reason: 'network' });
  for (const v of s.missingVolumes)
    out.push({ resource: volumeName(s.project.name, v), action: 'create', reason: 'volume' });
  for (const p of s.plan.services)
    out.push({ resource: p.name, action: p.action, ...(p.reason ? { reason: p.reason } : {}) });
  for (const o of s.plan.orphans)
    out.push({ resource: o.labels[L.service] ?? o.name, action: 'remove', reason: 'not in the model' });
  return out;
}

/** What `up` changes: the plan without what it keeps. */
export const changedActions = (s: Survey): Action[] => planActions(s).filter((a) => a.action !== 'keep');

/** `oh-env plan local`: the Compose plan against what the engine runs. */
export async function planLocal(ctx: TargetContext): Promise<PlanReport> {
  const { connectDocker } = await import('../../drivers/docker/client.js');
  const s = await survey(await connectDocker(ctx.procEnv), ctx);
  return {
    target: 'local',
    live: true,
    actions: planActions(s),
    detail: {
      project: s.project.name,
      network: s.network ? 'keep' : 'create',
      volumes: s.missingVolumes.map((v) => ({ name: volumeName(s.project.name, v), action: 'create' })),
      services: s.plan.services.map((p) => ({
        name: p.name,
        action: p.action,
        ...(p.reason ? { reason: p.reason } : {}),
        ...(p.existing ? { container: p.existing.name } : {}),
      })),
      orphans: s.plan.orphans.map((o) => o.name),
    },
  };
}

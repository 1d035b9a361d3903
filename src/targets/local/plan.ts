// What `up` must do to each container: desired state (config hash + image id per service) against what the
// engine has (containers labelled with the Compose project). Pure, so the decisions are unit-tested.
import type { ContainerSummary } from '../../drivers/docker/containers.js';
import type { ComposeService } from '../../render/local/compose-project.js';
import { L } from './compose-labels.js';

export type Action =
  /** Up to date and running (a job: finished successfully). */
  | 'keep'
  /** Up to date but stopped (a job: to run again after a failure). */
  | 'start'
  | 'create'
  /** Config hash or image changed: remove and create. */
  | 'recreate';

export interface Desired {
  readonly service: ComposeService;
  readonly configHash: string;
  readonly imageId: string;
}

export interface PlannedService {
  readonly name: string;
  readonly action: Action;
  readonly desired: Desired;
  readonly existing?: ContainerSummary;
  /** Why, for the plan's messages: "config changed", "image changed", "stopped", "exited (1)". */
  readonly reason?: string;
}

export interface Plan {
  readonly services: readonly PlannedService[];
  /** Containers of the project that no service owns any more, or extra replicas. */
  readonly orphans: readonly ContainerSummary[];
}

function decide(d: Desired, c: ContainerSummary | undefined): Pick<PlannedService, 'action' | 'reason'> {
  if (!c) return { action: 'create' };
  if (c.labels[L.configHash] !== d.configHash) return { action: 'recreate', reason: 'configuration changed' };
  if (c.labels[L.image] !== undefined && c.labels[L.image] !== d.imageId)
    return { action: 'recreate', reason: 'image changed' };
  if (d.service.kind === 'job')
    return c.state === 'exited' && c.exitCode === 0
      ? { action: 'keep' }
      : c.state === 'running'
        ? { action: 'keep', reason: 'still running' }
        : { action: 'start', reason: c.state === 'exited' ? `exited (${c.exitCode ?? '?'})` : c.state };
  if (c.state === 'running' || c.state === 'restarting') return { action: 'keep' };
  return { action: 'start', reason: c.state === 'exited' ? `stopped (exit ${c.exitCode ?? '?'})` : c.state };
}

/**
 * The project's containers by service, lowest container number first (one-off `docker compose run` ones left
 * out): the first is the service's container, any other an extra replica.
 */
export function containersByService(actual: readonly ContainerSummary[]): Map<string, ContainerSummary[]> {
  const byService = new Map<string, ContainerSummary[]>();
  for (const c of actual) {
    const s = c.labels[L.service];
    if (s === undefined || c.labels[L.oneoff] === 'True') continue;
    byService.set(s, [...(byService.get(s) ?? []), c]);
  }
  for (const cs of byService.values())
    cs.sort((a, b) => Number(a.labels[L.containerNumber] ?? 1) - Number(b.labels[L.containerNumber] ?? 1));
  return byService;
}

export function planProject(desired: readonly Desired[], actual: readonly ContainerSummary[]): Plan {
  const byService = containersByService(actual);
  const orphans: ContainerSummary[] = [];
  const services: PlannedService[] = desired.map((d) => {
    const [first, ...extra] = byService.get(d.service.name) ?? [];
    orphans.push(...extra);
    const decision = decide(d, first);
    return { name: d.service.name, desired: d, ...(first ? { existing: first } : {}), ...decision };
  });
  const wanted = new Set(desired.map((d) => d.service.name));
  for (const [s, cs] of byService) if (!wanted.has(s)) orphans.push(...cs);
  return { services, orphans };
}

export const changes = (p: Plan): number => p.services.filter((s) => s.action !== 'keep').length + p.orphans.length;

// `oh-env ps kind|gke`: one row per pod of the environment, named as `kubectl get pods` names its state.
import type { KubeDriver } from '../../drivers/kube/index.js';
import type { Environment } from '../../model/schema.js';
import { kindOf } from '../../render/labels.js';
import { dnsName } from '../../render/names.js';
import type { PsRow } from '../target.js';
import { API_VERSION, envLabels, serviceName, type Pod } from './objects.js';
import { podPhrase } from './pod-problem.js';

export const modelNames = (env: Environment): string[] =>
  [...Object.keys(env.services), ...Object.keys(env.jobs), ...Object.keys(env.backends)].sort();

/** One pod as a ps row (pure). */
export function psRowOf(p: Pod, inModel: ReadonlySet<string>): PsRow {
  const statuses = p.status?.containerStatuses ?? [];
  const main = statuses[0];
  const restarts = statuses.reduce((n, c) => n + (c.restartCount ?? 0), 0);
  const probed = (p.spec?.containers ?? []).some((c) => (c as { readinessProbe?: unknown }).readinessProbe);
  const ready = statuses.length > 0 && statuses.every((c) => c.ready);
  const running = statuses.some((c) => c.state?.running);
  const exit = main?.state?.terminated?.exitCode;
  const service = serviceName(p);
  const phrase = podPhrase(p);
  return {
    service,
    kind: kindOf(p.metadata.labels ?? {}),
    name: p.metadata.name,
    id: (p.metadata.uid ?? '').slice(0, 12),
    state: (p.status?.phase ?? 'Pending').toLowerCase(),
    ...(probed && running ? { health: ready ? 'healthy' : 'unhealthy' } : {}),
    ...(exit !== undefined ? { exitCode: exit } : {}),
    status: `${phrase}${restarts > 0 ? ` (${restarts} restart${restarts === 1 ? '' : 's'})` : ''}`,
    image: main?.image ?? p.spec?.containers?.[0]?.image ?? '',
    ports: (p.spec?.containers ?? [])
      .flatMap((c) => c.ports ?? [])
      .map((x) => `${x.containerPort}/${(x.protocol ?? 'TCP').toLowerCase()}`)
      .sort(),
    inModel: inModel.has(service),
  };
}

export async function psKube(kube: KubeDriver, env: Environment, namespace: string): Promise<PsRow[]> {
  const pods = (await kube.list(
    { apiVersion: API_VERSION.Pod, kind: 'Pod' },
    { namespace, labels: envLabels(env) },
  )) as Pod[];
  const names = new Set(modelNames(env).map((n) => dnsName(n)));
  return pods
    .map((p) => psRowOf(p, names))
    .sort((a, b) => (a.service < b.service ? -1 : a.service > b.service ? 1 : a.name < b.name ? -1 : 1));
}

// One workload (Deployment, StatefulSet, Job) and its pods as one resource.status event: the row the dashboard
// shows for a service, job or backend, with the same states and fields the local target sends for its
// container (state, health, reason, restarts, image, ports, env keys, start time). Pure.
import type { EventInput } from '../../events/types.js';
import { kindOf } from '../../render/labels.js';
import { currentPods, isoMs, podsOf, serviceName, type Pod, type ReplicaSet, type Workload } from './objects.js';
import { podProblem, type ProblemOptions } from './pod-problem.js';
import { jobStateOf, rolloutOf } from './rollout.js';

export type ResourceStatus = Extract<EventInput, { type: 'resource.status' }>;

export const DEFAULT_PROBLEM_OPTIONS: ProblemOptions = { unschedulableGraceMs: 20_000 };

const hasReadinessProbe = (w: Workload): boolean =>
  (w.spec?.template?.spec?.containers ?? []).some(
    (c) => (c as { readinessProbe?: unknown }).readinessProbe !== undefined,
  );

/** The fields that do not depend on the state: the first container's image, ports and env keys; restarts. */
function baseOf(w: Workload, pods: readonly Pod[]): Omit<ResourceStatus, 'state'> {
  const main = w.spec?.template?.spec?.containers?.[0];
  const restarts = pods.reduce(
    (n, p) => n + (p.status?.containerStatuses ?? []).reduce((m, c) => m + (c.restartCount ?? 0), 0),
    0,
  );
  const started = pods
    .map((p) => isoMs(p.status?.startTime))
    .filter((t): t is number => t !== undefined)
    .sort((a, b) => b - a)[0];
  return {
    type: 'resource.status',
    resource: serviceName(w),
    kind: kindOf(w.metadata.labels ?? {}),
    ...(main?.image ? { image: main.image } : {}),
    ports: (main?.ports ?? []).map((p) => `${p.containerPort}/${(p.protocol ?? 'TCP').toLowerCase()}`).sort(),
    restarts,
    envKeys: [...new Set((main?.env ?? []).map((e) => e.name))].sort(),
    ...(started !== undefined ? { startedAt: started } : {}),
  };
}

export function statusOfWorkload(
  w: Workload,
  allPods: Iterable<Pod>,
  replicaSets: Iterable<ReplicaSet>,
  now: number,
  o: ProblemOptions = DEFAULT_PROBLEM_OPTIONS,
): ResourceStatus {
  const pods = podsOf(w, allPods);
  const base = baseOf(w, pods);
  const current = currentPods(w, pods, replicaSets) ?? [];
  const problem = current.map((p) => podProblem(p, now, o)).find((p) => p !== undefined);
  const probed = hasReadinessProbe(w);
  if (w.kind === 'Job') {
    const job = jobStateOf(w);
    if (job.kind === 'complete') return { ...base, state: 'exited', exitCode: 0, reason: 'completed' };
    if (job.kind === 'failed') {
      const exit = pods
        .flatMap((p) => p.status?.containerStatuses ?? [])
        .map((c) => c.state?.terminated?.exitCode)
        .find((c) => c !== undefined && c !== 0);
      return {
        ...base,
        state: 'failed',
        ...(exit !== undefined ? { exitCode: exit } : {}),
        reason: `${job.reason}: ${job.message}`,
      };
    }
    if (problem) return { ...base, state: 'unhealthy', reason: `${problem.reason}: ${problem.message}`.trim() };
    return { ...base, state: w.status?.active ? 'running' : 'pending', reason: job.message };
  }
  const rollout = rolloutOf(w);
  if (problem)
    return {
      ...base,
      state: 'unhealthy',
      ...(probed ? { health: 'unhealthy' } : {}),
      reason: `${problem.reason}${problem.message ? `: ${problem.message}` : ''}`,
    };
  if (rollout.kind === 'failed')
    return { ...base, state: 'unhealthy', ...(probed ? { health: 'unhealthy' } : {}), reason: rollout.message };
  if (rollout.kind === 'progressing')
    return { ...base, state: 'starting', ...(probed ? { health: 'starting' } : {}), reason: rollout.message };
  if ((w.spec?.replicas ?? 1) === 0) return { ...base, state: 'pending', reason: 'scaled to 0 replicas' };
  return probed
    ? { ...base, state: 'healthy', health: 'healthy', reason: rollout.message }
    : { ...base, state: 'running', reason: rollout.message };
}

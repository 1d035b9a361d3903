// Why a pod cannot get anywhere: the states that never end by themselves (an image that cannot be pulled, a
// container that keeps crashing, a missing Secret key, no node that can take it), read from the pod's status
// the way `kubectl get pods` names them. A wait ends on one of these with its reason instead of timing out.
// Pure: `now` is passed in.
import { isoMs, type ContainerStatus, type Pod } from './objects.js';

/** Waiting reasons of a container that only a change of the model (or the cluster) gets out of. */
export const STUCK_REASONS = [
  'ImagePullBackOff',
  'ErrImagePull',
  'ErrImageNeverPull',
  'InvalidImageName',
  'CrashLoopBackOff',
  'CreateContainerConfigError',
  'CreateContainerError',
  'RunContainerError',
] as const;

export interface PodProblem {
  readonly pod: string;
  /** The container it is about (undefined: the pod as a whole, e.g. unschedulable). */
  readonly container?: string;
  readonly init: boolean;
  /** ImagePullBackOff, CrashLoopBackOff, Unschedulable, ... */
  readonly reason: string;
  readonly message: string;
  /** The container's last exit (CrashLoopBackOff): code and reason. */
  readonly lastExit?: { readonly exitCode: number; readonly reason?: string };
}

export interface ProblemOptions {
  /**
   * How long a pod may stay unschedulable before that counts as stuck: a PVC being bound or a cluster
   * autoscaler adding a node (GKE) clears it by itself.
   */
  readonly unschedulableGraceMs: number;
}

function containerProblem(pod: string, c: ContainerStatus, init: boolean): PodProblem | undefined {
  const reason = c.state?.waiting?.reason;
  if (!reason || !(STUCK_REASONS as readonly string[]).includes(reason)) return undefined;
  const last = c.lastState?.terminated;
  return {
    pod,
    container: c.name,
    init,
    reason,
    message: c.state?.waiting?.message ?? '',
    ...(last ? { lastExit: { exitCode: last.exitCode, ...(last.reason ? { reason: last.reason } : {}) } } : {}),
  };
}

/** The pod's stuck state, if it is in one; init containers first (they run first). */
export function podProblem(pod: Pod, now: number, o: ProblemOptions): PodProblem | undefined {
  const name = pod.metadata.name;
  for (const c of pod.status?.initContainerStatuses ?? []) {
    const p = containerProblem(name, c, true);
    if (p) return p;
  }
  for (const c of pod.status?.containerStatuses ?? []) {
    const p = containerProblem(name, c, false);
    if (p) return p;
  }
  const scheduled = pod.status?.conditions?.find((c) => c.type === 'PodScheduled');
  if (pod.status?.phase === 'Pending' && scheduled?.status === 'False' && scheduled.reason === 'Unschedulable') {
    const since = isoMs(scheduled.lastTransitionTime) ?? now;
    if (now - since >= o.unschedulableGraceMs)
      return { pod: name, init: false, reason: 'Unschedulable', message: scheduled.message ?? '' };
  }
  return undefined;
}

/** When an unschedulable pod would count as stuck (for a timer), if it is unschedulable and not yet stuck. */
export function unschedulableUntil(pod: Pod, o: ProblemOptions): number | undefined {
  const scheduled = pod.status?.conditions?.find((c) => c.type === 'PodScheduled');
  if (pod.status?.phase !== 'Pending' || scheduled?.status !== 'False' || scheduled.reason !== 'Unschedulable')
    return undefined;
  return (isoMs(scheduled.lastTransitionTime) ?? 0) + o.unschedulableGraceMs;
}

/** The pod's own words for where it stands, as `kubectl get pods` shows in STATUS. */
export function podPhrase(pod: Pod): string {
  if (pod.metadata.deletionTimestamp) return 'Terminating';
  for (const c of pod.status?.initContainerStatuses ?? []) {
    if (c.state?.terminated?.exitCode === 0) continue;
    if (c.state?.waiting?.reason && c.state.waiting.reason !== 'PodInitializing')
      return `Init:${c.state.waiting.reason}`;
    if (c.state?.terminated) return `Init:${c.state.terminated.reason ?? 'Error'}`;
    return 'Init';
  }
  for (const c of pod.status?.containerStatuses ?? []) {
    if (c.state?.waiting?.reason) return c.state.waiting.reason;
    if (c.state?.terminated) return c.state.terminated.reason ?? `exit ${c.state.terminated.exitCode}`;
  }
  return pod.status?.reason ?? pod.status?.phase ?? 'Pending';
}

export interface KubeEventShape {
  readonly type?: string;
  readonly reason?: string;
  readonly message?: string;
  readonly count?: number;
  readonly lastTimestamp?: string | null;
  readonly eventTime?: string | null;
  readonly firstTimestamp?: string | null;
  readonly metadata?: { readonly creationTimestamp?: string };
}

const eventTime = (e: KubeEventShape): number =>
  isoMs(e.lastTimestamp ?? undefined) ??
  isoMs(e.eventTime ?? undefined) ??
  isoMs(e.firstTimestamp ?? undefined) ??
  isoMs(e.metadata?.creationTimestamp) ??
  0;

/** The last `n` events, oldest first, as `kubectl describe` lists them: type, reason, (×count), message. */
export function eventLines(events: readonly KubeEventShape[], n = 8): string[] {
  return [...events]
    .sort((a, b) => eventTime(a) - eventTime(b))
    .slice(-n)
    .map(
      (e) =>
        `${e.type ?? 'Normal'} ${e.reason ?? ''}${(e.count ?? 1) > 1 ? ` (x${e.count})` : ''}: ${(e.message ?? '').trim()}`,
    );
}

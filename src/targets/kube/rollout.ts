// Whether a workload's rollout is done, in the words and by the rules of `kubectl rollout status`
// (Deployment: the new generation observed, every replica updated, old ones gone, the updated ones available
// and ready; StatefulSet: observed, every replica ready and at the update revision), and how a Job stands.
// Pure: the waits and the status read these from the objects the watches deliver.
import type { Condition, Workload } from './objects.js';

export type Rollout =
  | { readonly kind: 'done'; readonly message: string }
  | { readonly kind: 'progressing'; readonly message: string }
  /** Kubernetes itself gave up (progressDeadlineSeconds): no point in waiting longer. */
  | { readonly kind: 'failed'; readonly reason: string; readonly message: string };

export type JobState =
  | { readonly kind: 'complete'; readonly message: string }
  | { readonly kind: 'failed'; readonly reason: string; readonly message: string }
  | { readonly kind: 'running'; readonly message: string };

const condition = (w: Workload, type: string): Condition | undefined =>
  w.status?.conditions?.find((c) => c.type === type);

const observed = (w: Workload): boolean =>
  (w.status?.observedGeneration ?? 0) >= (w.metadata.generation ?? 1) && (w.status?.observedGeneration ?? 0) > 0;

export function rolloutOf(w: Workload): Rollout {
  if (w.kind === 'StatefulSet') return statefulSetRollout(w);
  if (!observed(w)) return { kind: 'progressing', message: 'waiting for the new spec to be observed' };
  const progressing = condition(w, 'Progressing');
  if (progressing?.reason === 'ProgressDeadlineExceeded')
    return {
      kind: 'failed',
      reason: 'ProgressDeadlineExceeded',
      message: progressing.message ?? 'the rollout exceeded its progress deadline',
    };
  const want = w.spec?.replicas ?? 1;
  const s = w.status ?? {};
  const updated = s.updatedReplicas ?? 0;
  if (updated < want) return { kind: 'progressing', message: `${updated} of ${want} new replicas updated` };
  if ((s.replicas ?? 0) > updated)
    return { kind: 'progressing', message: `${(s.replicas ?? 0) - updated} old replicas pending termination` };
  const available = s.availableReplicas ?? 0;
  const ready = s.readyReplicas ?? 0;
  if (available < updated || ready < want)
    return { kind: 'progressing', message: `${Math.min(available, ready)} of ${want} updated replicas available` };
  return { kind: 'done', message: `${want} of ${want} replicas ready` };
}

function statefulSetRollout(w: Workload): Rollout {
  // kubectl cannot follow an OnDelete rollout either: pods change only when someone deletes them.
  if (w.spec?.updateStrategy?.type === 'OnDelete') return { kind: 'done', message: 'OnDelete: not followed' };
  if (!observed(w)) return { kind: 'progressing', message: 'waiting for the new spec to be observed' };
  const want = w.spec?.replicas ?? 1;
  const s = w.status ?? {};
  const ready = s.readyReplicas ?? 0;
  if (ready < want) return { kind: 'progressing', message: `${ready} of ${want} pods ready` };
  const partition = w.spec?.updateStrategy?.rollingUpdate?.partition ?? 0;
  const updated = s.updatedReplicas ?? 0;
  if (partition > 0) {
    if (updated < want - partition)
      return {
        kind: 'progressing',
        message: `${updated} of ${want - partition} pods updated (partition ${partition})`,
      };
    return { kind: 'done', message: `${want} of ${want} pods ready (partition ${partition})` };
  }
  if (s.updateRevision !== s.currentRevision)
    return { kind: 'progressing', message: `${updated} of ${want} pods at revision ${s.updateRevision ?? '?'}` };
  return { kind: 'done', message: `${want} of ${want} pods ready` };
}

export function jobStateOf(w: Workload): JobState {
  const done = (t: string) => condition(w, t)?.status === 'True';
  if (done('Complete')) return { kind: 'complete', message: `${w.status?.succeeded ?? 1} succeeded` };
  // FailureTarget comes before Failed while the last pods are being terminated: the verdict is already in.
  const failed = condition(w, 'Failed') ?? condition(w, 'FailureTarget');
  if (failed?.status === 'True')
    return {
      kind: 'failed',
      reason: failed.reason ?? 'Failed',
      message: failed.message ?? `${w.status?.failed ?? 0} pods failed`,
    };
  const s = w.status ?? {};
  return {
    kind: 'running',
    message: s.active ? `${s.active} running${s.failed ? `, ${s.failed} failed` : ''}` : 'waiting for its pod',
  };
}

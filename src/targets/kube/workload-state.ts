// Whether a workload object is where `up` waits for it to be: a Deployment or StatefulSet rolled out (what
// `kubectl rollout status` checks), a Job complete. Pure: the caller reads the object.
import type { KubeResource } from '../../drivers/kube/index.js';

export interface WorkloadState {
  readonly done: boolean;
  readonly failed: boolean;
  readonly reason?: string;
}

const WORKLOAD_KINDS = ['Deployment', 'StatefulSet', 'Job', 'DaemonSet'];

/** The workload object of a model name among rendered objects (Deployment, StatefulSet or Job of that name). */
export const workloadOf = (objects: readonly KubeResource[], name: string): KubeResource | undefined =>
  objects.find((o) => WORKLOAD_KINDS.includes(o.kind) && o.metadata.name === name);

interface Status {
  observedGeneration?: number;
  replicas?: number;
  updatedReplicas?: number;
  readyReplicas?: number;
  availableReplicas?: number;
  conditions?: { type: string; status: string; reason?: string; message?: string }[];
}

export function workloadState(o: KubeResource | undefined): WorkloadState {
  if (!o) return { done: false, failed: false, reason: 'not created yet' };
  const generation = (o.metadata as { generation?: number }).generation ?? 0;
  const status = ((o as { status?: Status }).status ?? {}) as Status;
  const cond = (t: string) => status.conditions?.find((c) => c.type === t && c.status === 'True');
  if (o.kind === 'Job') {
    if (cond('Complete')) return { done: true, failed: false };
    const failed = cond('Failed');
    if (failed) return { done: false, failed: true, reason: failed.message ?? failed.reason ?? 'the job failed' };
    return { done: false, failed: false, reason: 'running' };
  }
  const want = (o as { spec?: { replicas?: number } }).spec?.replicas ?? 1;
  if ((status.observedGeneration ?? 0) < generation) return { done: false, failed: false, reason: 'rollout pending' };
  if (o.kind === 'Deployment') {
    const progressing = status.conditions?.find((c) => c.type === 'Progressing');
    if (progressing?.reason === 'ProgressDeadlineExceeded')
      return { done: false, failed: true, reason: progressing.message ?? 'progress deadline exceeded' };
  }
  const updated = status.updatedReplicas ?? 0;
  const ready = status.readyReplicas ?? 0;
  if (updated < want) return { done: false, failed: false, reason: `${updated} of ${want} updated` };
  if ((status.replicas ?? 0) > updated) return { done: false, failed: false, reason: 'old replicas terminating' };
  if (ready < want) return { done: false, failed: false, reason: `${ready} of ${want} ready` };
  return { done: true, failed: false };
}

// Whether a workload object is where `up` waits for it to be: a Deployment or StatefulSet rolled out (what
// `kubectl rollout status` checks), a Job complete. Pure: the caller reads the object. The verdicts are
// rollout.ts's (the waits and the status use the same ones); this is their shape for a single read.
import type { KubeResource } from '../../drivers/kube/index.js';
import type { Workload } from './objects.js';
import { jobStateOf, rolloutOf } from './rollout.js';

export interface WorkloadState {
  readonly done: boolean;
  readonly failed: boolean;
  readonly reason?: string;
}

const WORKLOAD_KINDS = ['Deployment', 'StatefulSet', 'Job', 'DaemonSet'];

/** The workload object of a model name among rendered objects (Deployment, StatefulSet or Job of that name). */
export const workloadOf = (objects: readonly KubeResource[], name: string): KubeResource | undefined =>
  objects.find((o) => WORKLOAD_KINDS.includes(o.kind) && o.metadata.name === name);

export function workloadState(o: KubeResource | undefined): WorkloadState {
  if (!o) return { done: false, failed: false, reason: 'not created yet' };
  if (o.kind === 'Job') {
    const j = jobStateOf(o as Workload);
    return j.kind === 'complete'
      ? { done: true, failed: false }
      : { done: false, failed: j.kind === 'failed', reason: j.message };
  }
  const r = rolloutOf(o as Workload);
  return r.kind === 'done'
    ? { done: true, failed: false }
    : { done: false, failed: r.kind === 'failed', reason: r.message };
}

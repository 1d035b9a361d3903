// `kubectl rollout restart`: a new value of the pod template's restartedAt annotation makes the controller
// roll every pod, in the workload's own update strategy (no pod is killed by hand).
import type { KubeDriver } from '../../drivers/kube/index.js';
import { OhEnvError } from '../../errors.js';
import { API_VERSION, RESTARTED_AT_ANNOTATION, type WorkloadKind } from './objects.js';

/** The merge patch itself (pure). */
export const restartPatch = (at: Date): Record<string, unknown> => ({
  spec: { template: { metadata: { annotations: { [RESTARTED_AT_ANNOTATION]: at.toISOString() } } } },
});

export async function rolloutRestart(
  kube: KubeDriver,
  kind: WorkloadKind,
  name: string,
  namespace: string,
  at: Date = new Date(),
): Promise<void> {
  if (kind === 'Job')
    throw new OhEnvError('E_USAGE', `job "${name}" cannot be restarted: a Job runs once`, {
      hint: 'run `oh-env up` again: a job whose model changed runs again',
    });
  await kube.patch({ apiVersion: API_VERSION[kind], kind }, name, namespace, restartPatch(at));
}

// GKE: the same workloads as kind, with the backends managed by Google (Cloud SQL, Memorystore, GCS — the
// GCP plan provisions them, so no workload is rendered for them), Workload Identity, autoscaling,
// disruption budgets, monitoring and a default-deny network.
import { OhEnvError } from '../../errors.js';
import type { Environment, GkeTarget } from '../../model/schema.js';
import type { RenderInput } from '../input.js';
import type { RenderedFile, RenderResult } from '../output.js';
import { routedServices } from '../kube/ingress.js';
import { manifestsFile, workloadObjects } from '../kube/manifests.js';
import { namespaceOf, type KubeContext, type KubeObject } from '../kube/meta.js';
import { runtimeServiceAccountEmail, workloadIdentityWorkloads } from './accounts.js';
import { horizontalPodAutoscaler, podDisruptionBudget } from './autoscaling.js';
import { monitoringObjects } from './monitoring.js';
import { networkPolicies } from './network-policy.js';

/** The GKE settings, or the model error that nothing can be rendered without them. */
export function requireGke(env: Environment): GkeTarget {
  const gke = env.targets.gke;
  if (gke) return gke;
  throw new OhEnvError('E_MODEL_INVALID', 'the model has no GKE settings', {
    hint: 'add targets.gke (project, region) to the model or to envs/gke/overlay.yaml',
    issues: [
      {
        path: 'targets.gke',
        message: 'required to render or plan the gke target',
        expected: '{ project: <GCP project id>, region: <GCP region> }',
        hint: 'e.g. targets: { gke: { project: my-project, region: us-central1 } }',
      },
    ],
  });
}

/** Container-native load balancing: the GCE Ingress sends traffic straight to pods through NEGs. */
const NEG_ANNOTATION = { 'cloud.google.com/neg': '{"ingress": true}' };

export function gkeManifests(input: RenderInput): { file: RenderedFile; ctx: KubeContext } {
  const { env } = input;
  requireGke(env);
  const ctx: KubeContext = {
    env,
    target: 'gke',
    namespace: namespaceOf(env, 'gke'),
    warnings: [],
    workloadIdentity: { email: runtimeServiceAccountEmail(env), workloads: new Set(workloadIdentityWorkloads(env)) },
  };
  const routed = routedServices(env);
  const objects: KubeObject[] = workloadObjects(ctx, {
    hpa: (name) => env.services[name]?.autoscaling !== undefined,
    serviceAnnotations: (name) => (routed.has(name) ? NEG_ANNOTATION : undefined),
  });
  for (const [name, s] of Object.entries(env.services)) {
    const hpa = horizontalPodAutoscaler(ctx, name, s);
    if (hpa) objects.push(hpa);
    const pdb = podDisruptionBudget(ctx, name, s);
    if (pdb) objects.push(pdb);
  }
  objects.push(...monitoringObjects(ctx), ...networkPolicies(ctx));
  return { file: manifestsFile(input, ctx, objects), ctx };
}

export function renderGke(input: RenderInput): RenderResult {
  const { file, ctx } = gkeManifests(input);
  // The GCP plan's files (plan.json, plan.sh) are appended here by the plan's own module.
  const files: RenderedFile[] = [file];
  return { files, warnings: ctx.warnings };
}

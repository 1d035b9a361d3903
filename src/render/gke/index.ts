// GKE: the same workloads as kind, with the backends managed by Google (Cloud SQL, Memorystore, GCS — the
// GCP plan provisions them, so no workload is rendered for them), Workload Identity, autoscaling,
// disruption budgets, monitoring and a default-deny network.
import type { RenderInput } from '../input.js';
import type { RenderedFile, RenderResult } from '../output.js';
import { routedServices } from '../kube/ingress.js';
import { finishObjects, manifestsFile, workloadObjects } from '../kube/manifests.js';
import { namespaceOf, type KubeContext, type KubeObject } from '../kube/meta.js';
import { horizontalPodAutoscaler, podDisruptionBudget } from './autoscaling.js';
import { monitoringObjects } from './monitoring.js';
import { planFiles } from './plan-files.js';
import { networkPolicies } from './network-policy.js';
import { GKE_PROFILE } from './profile.js';
import { requireGke } from './require.js';

export { requireGke };

/** Container-native load balancing: the GCE Ingress sends traffic straight to pods through NEGs. */
const NEG_ANNOTATION = { 'cloud.google.com/neg': '{"ingress": true}' };

/** The Kubernetes objects of the environment on GKE, in apply order: what manifests.yaml shows. */
export function gkeObjects(input: RenderInput): { readonly objects: KubeObject[]; readonly ctx: KubeContext } {
  const { env } = input;
  requireGke(env);
  const ctx: KubeContext = {
    env,
    target: 'gke',
    profile: GKE_PROFILE,
    namespace: namespaceOf(env, 'gke'),
    warnings: [],
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
  return { objects: finishObjects(ctx, objects), ctx };
}

export function gkeManifests(input: RenderInput): { file: RenderedFile; ctx: KubeContext } {
  const { objects, ctx } = gkeObjects(input);
  return { file: manifestsFile(input, ctx, objects), ctx };
}

export function renderGke(input: RenderInput): RenderResult {
  const { file, ctx } = gkeManifests(input);
  // The manifests and the GCP plan that provisions what they need (plan.json, plan.sh).
  const files: RenderedFile[] = [file, ...planFiles(input)];
  return { files, warnings: ctx.warnings };
}

// kind: a cluster config and the manifests, with the backends as in-cluster emulators (the same images local
// runs), so the whole environment runs offline on one machine.
import { regenerateCommand, sourceText, type RenderInput } from '../input.js';
import type { RenderResult } from '../output.js';
import { generatedHeader, toYaml } from '../yaml.js';
import { bucketObjects, postgresObjects, redisObjects } from '../kube/backends.js';
import { finishObjects, manifestsFile, workloadObjects } from '../kube/manifests.js';
import { namespaceOf, type KubeContext, type KubeObject } from '../kube/meta.js';
import { kindClusterConfig } from './cluster.js';
import { KIND_PROFILE } from './profile.js';

function parityWarnings(ctx: KubeContext): void {
  for (const [name, s] of Object.entries(ctx.env.services))
    if (s.autoscaling && s.autoscaling.max > s.autoscaling.min)
      ctx.warnings.push({
        path: `services.${name}.autoscaling`,
        message: `kind has no autoscaler: "${name}" runs autoscaling.min (${s.autoscaling.min}) replicas`,
        hint: 'expected on kind; GKE renders a HorizontalPodAutoscaler',
      });
  const m = ctx.env.monitoring;
  const scraped = Object.values(ctx.env.services).some((s) => s.metrics);
  if (m.enabled && (m.alerts.length > 0 || scraped))
    ctx.warnings.push({
      path: 'monitoring',
      message: 'kind has no Prometheus operator: no ServiceMonitor or PrometheusRule is rendered',
      hint: 'expected on kind; GKE renders them',
    });
}

/** The Kubernetes objects of the environment on kind, in apply order: what manifests.yaml shows. */
export function kindObjects(input: RenderInput): { readonly objects: KubeObject[]; readonly ctx: KubeContext } {
  const { env } = input;
  const ctx: KubeContext = {
    env,
    target: 'kind',
    profile: KIND_PROFILE,
    namespace: namespaceOf(env, 'kind'),
    warnings: [],
  };
  const base: KubeObject[] = workloadObjects(ctx, { hpa: () => false });
  for (const [name, b] of Object.entries(env.backends)) {
    if (b.type === 'postgres') base.push(...postgresObjects(ctx, name, b));
    else if (b.type === 'redis') base.push(...redisObjects(ctx, name, b));
    else base.push(...bucketObjects(ctx, name, b));
  }
  parityWarnings(ctx);
  return { objects: finishObjects(ctx, base), ctx };
}

export function renderKind(input: RenderInput): RenderResult {
  const { env } = input;
  const { objects, ctx } = kindObjects(input);
  const cluster = {
    path: 'kind-cluster.yaml',
    content: `${generatedHeader(sourceText(input), regenerateCommand(input, 'kind'))}${toYaml(kindClusterConfig(env))}`,
  };
  return { files: [cluster, manifestsFile(input, ctx, objects)], warnings: ctx.warnings };
}

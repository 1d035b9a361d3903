// Scaling on GKE: a HorizontalPodAutoscaler per service with autoscaling (it owns the replica count, so the
// Deployment leaves `replicas` unset), and a PodDisruptionBudget keeping one pod up during node upgrades and
// repairs whenever a service runs more than one.
import type { Service } from '../../model/schema.js';
import { dnsName } from '../names.js';
import { meta, selectorLabels, type KubeContext, type KubeObject } from '../kube/meta.js';

export function horizontalPodAutoscaler(ctx: KubeContext, name: string, s: Service): KubeObject | undefined {
  const a = s.autoscaling;
  if (!a) return undefined;
  const utilization = (resource: 'cpu' | 'memory', averageUtilization: number) => ({
    type: 'Resource',
    resource: { name: resource, target: { type: 'Utilization', averageUtilization } },
  });
  return {
    apiVersion: 'autoscaling/v2',
    kind: 'HorizontalPodAutoscaler',
    metadata: meta(ctx, name, { name, kind: 'service', labels: s.labels }),
    spec: {
      scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: dnsName(name) },
      minReplicas: a.min,
      maxReplicas: a.max,
      metrics: [utilization('cpu', a.cpu), utilization('memory', a.memory)],
    },
  };
}

export function podDisruptionBudget(ctx: KubeContext, name: string, s: Service): KubeObject | undefined {
  const replicas = s.autoscaling ? s.autoscaling.min : s.replicas;
  if (replicas <= 1) return undefined;
  return {
    apiVersion: 'policy/v1',
    kind: 'PodDisruptionBudget',
    metadata: meta(ctx, name, { name, kind: 'service', labels: s.labels }),
    spec: { minAvailable: 1, selector: { matchLabels: selectorLabels(ctx, name) } },
  };
}

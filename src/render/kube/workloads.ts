// The workload objects: Deployment, StatefulSet and Job around a pod template. Selectors use only the
// stable selector labels, so a re-render never changes an immutable selector.
import {
  meta,
  selectorLabels,
  labels,
  type KubeContext,
  type KubeObject,
  type Labels,
  type OwnerKind,
} from './meta.js';

export interface Owner {
  readonly name: string;
  readonly kind: OwnerKind;
  readonly labels?: Labels;
}

export interface PodSpecParts {
  readonly containers: readonly Record<string, unknown>[];
  readonly initContainers?: readonly Record<string, unknown>[];
  readonly volumes?: readonly Record<string, unknown>[];
  readonly serviceAccountName: string;
  /** Mount the ServiceAccount token into every container (only workloads that call the Kubernetes API). */
  readonly automountToken: boolean;
  readonly securityContext: Record<string, unknown>;
  readonly restartPolicy?: 'Always' | 'Never';
  readonly annotations?: Readonly<Record<string, string>>;
  readonly terminationGracePeriodSeconds?: number;
}

export function podTemplate(ctx: KubeContext, owner: Owner, p: PodSpecParts): Record<string, unknown> {
  const annotations = p.annotations && Object.keys(p.annotations).length > 0 ? p.annotations : undefined;
  return {
    metadata: { labels: labels(ctx, owner.name, owner.kind, owner.labels), ...(annotations ? { annotations } : {}) },
    spec: {
      serviceAccountName: p.serviceAccountName,
      automountServiceAccountToken: p.automountToken,
      securityContext: p.securityContext,
      containers: p.containers,
      ...(p.initContainers && p.initContainers.length > 0 ? { initContainers: p.initContainers } : {}),
      ...(p.volumes && p.volumes.length > 0 ? { volumes: p.volumes } : {}),
      ...(p.restartPolicy ? { restartPolicy: p.restartPolicy } : {}),
      ...(p.terminationGracePeriodSeconds !== undefined
        ? { terminationGracePeriodSeconds: p.terminationGracePeriodSeconds }
        : {}),
    },
  };
}

export function deployment(
  ctx: KubeContext,
  owner: Owner,
  opts: {
    /** Undefined when a HorizontalPodAutoscaler owns the replica count. */
    readonly replicas: number | undefined;
    /** Recreate when pods mount ReadWriteOnce claims: a new pod on another node could never attach them. */
    readonly recreate: boolean;
    readonly template: Record<string, unknown>;
  },
): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: meta(ctx, owner.name, owner),
    spec: {
      ...(opts.replicas !== undefined ? { replicas: opts.replicas } : {}),
      revisionHistoryLimit: 3,
      selector: { matchLabels: selectorLabels(ctx, owner.name) },
      strategy: opts.recreate ? { type: 'Recreate' } : { type: 'RollingUpdate' },
      template: opts.template,
    },
  };
}

export function statefulSet(
  ctx: KubeContext,
  owner: Owner,
  opts: {
    readonly serviceName: string;
    readonly template: Record<string, unknown>;
    readonly claims: readonly { readonly name: string; readonly spec: Record<string, unknown> }[];
  },
): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
    metadata: meta(ctx, owner.name, owner),
    spec: {
      replicas: 1,
      serviceName: opts.serviceName,
      selector: { matchLabels: selectorLabels(ctx, owner.name) },
      template: opts.template,
      volumeClaimTemplates: opts.claims.map((c) => ({
        metadata: { name: c.name, labels: labels(ctx, owner.name, owner.kind, owner.labels) },
        spec: c.spec,
      })),
    },
  };
}

export function job(
  ctx: KubeContext,
  owner: Owner,
  opts: {
    readonly backoffLimit: number;
    readonly activeDeadlineSeconds: number;
    readonly template: Record<string, unknown>;
  },
): KubeObject {
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: meta(ctx, owner.name, owner),
    // No ttlSecondsAfterFinished: the finished Job must stay so `up` (and waiting pods) can see it succeeded.
    spec: {
      backoffLimit: opts.backoffLimit,
      activeDeadlineSeconds: opts.activeDeadlineSeconds,
      template: opts.template,
    },
  };
}

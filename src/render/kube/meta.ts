// What every Kubernetes object oh-env renders shares: the render context (model, target profile, namespace,
// warnings collected on the way), the common labels and the fixed order objects are written in.
import type { Issue } from '../../errors.js';
import type { Environment } from '../../model/schema.js';
import { dnsName } from '../names.js';

export type KubeTarget = 'kind' | 'gke';
export type KubeObject = Readonly<Record<string, unknown>> & {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: {
    readonly name: string;
    readonly namespace?: string;
    readonly labels?: Labels;
    readonly annotations?: Readonly<Record<string, string>>;
  };
};
export type Labels = Readonly<Record<string, string>>;

/** What `dev.oh-env.kind` says an object belongs to. */
export type OwnerKind = 'environment' | 'service' | 'job' | 'backend' | 'sandbox';

/** A target's rewrite of the whole object list (add, change or drop objects); pure. */
export type KubePatch = (objects: readonly KubeObject[], ctx: KubeContext) => readonly KubeObject[];

/**
 * What a Kubernetes target hands the neutral base: the few facts the base needs while it builds objects, and
 * the patches the target applies to them afterwards. The base never asks which target it renders for: every
 * difference between kind and GKE lives in render/kind/ and render/gke/, as one of these.
 */
export interface KubeProfile {
  /** Backends are managed services, provisioned and ready before anything is applied: no pod waits for one. */
  readonly backendsReadyBeforeApply: boolean;
  /** The target issues the certificate for ingress.tls.mode "managed"; else a self-signed one stands in. */
  readonly managedCertificates: boolean;
  /** Header lines: what `up` creates at apply time besides the Secrets the base names. */
  readonly applyTimeNotes: (env: Environment) => readonly string[];
  /** Applied in order to the base objects, before they are sorted and written. */
  readonly patches: readonly KubePatch[];
}

export interface KubeContext {
  readonly env: Environment;
  /** The target's name: for messages, the env contract and the regenerate command (never branched on here). */
  readonly target: KubeTarget;
  readonly profile: KubeProfile;
  readonly namespace: string;
  /** Parity gaps found while rendering; the renderer returns them as RenderResult.warnings. */
  readonly warnings: Issue[];
}

export const MANAGED_BY = 'oh-env';

/** What names and labels need of the context (an object built outside a render, like the Secret, has no profile). */
export type MetaContext = Pick<KubeContext, 'env' | 'namespace'>;

/** The Kubernetes namespace of an environment on a target. */
export function namespaceOf(env: Environment, target: KubeTarget): string {
  return dnsName(env.targets[target]?.namespace ?? env.metadata.name);
}

/** Labels that select a workload's pods: stable across renders, so a Deployment's selector never changes. */
export function selectorLabels(ctx: Pick<KubeContext, 'env'>, name: string): Labels {
  return { 'app.kubernetes.io/name': dnsName(name), 'app.kubernetes.io/part-of': dnsName(ctx.env.metadata.name) };
}

export function labels(ctx: Pick<KubeContext, 'env'>, name: string, kind: OwnerKind, extra: Labels = {}): Labels {
  return {
    ...ctx.env.metadata.labels,
    ...extra,
    ...selectorLabels(ctx, name),
    'app.kubernetes.io/managed-by': MANAGED_BY,
    'dev.oh-env.kind': kind,
  };
}

/** metadata of a namespaced object owned by `owner` (a service, job, backend or the environment itself). */
export function meta(
  ctx: MetaContext,
  name: string,
  owner: { readonly name: string; readonly kind: OwnerKind; readonly labels?: Labels },
  annotations?: Readonly<Record<string, string>>,
): KubeObject['metadata'] & { readonly annotations?: Readonly<Record<string, string>> } {
  return {
    name: dnsName(name),
    namespace: ctx.namespace,
    labels: labels(ctx, owner.name, owner.kind, owner.labels),
    ...(annotations && Object.keys(annotations).length > 0 ? { annotations } : {}),
  };
}

/** Objects are written in apply order (what others refer to first), then by name. */
const KIND_ORDER = [
  'Namespace',
  'ServiceAccount',
  'Role',
  'RoleBinding',
  'ConfigMap',
  'PersistentVolumeClaim',
  'Service',
  'StatefulSet',
  'Deployment',
  'Job',
  'HorizontalPodAutoscaler',
  'PodDisruptionBudget',
  'NetworkPolicy',
  'ManagedCertificate',
  'Ingress',
  'ServiceMonitor',
  'PrometheusRule',
];

export function sortObjects(objects: readonly KubeObject[]): KubeObject[] {
  const rank = (k: string): number => {
    const i = KIND_ORDER.indexOf(k);
    return i === -1 ? KIND_ORDER.length : i;
  };
  return [...objects].sort((a, b) => {
    const byKind = rank(a.kind) - rank(b.kind) || (a.kind < b.kind ? -1 : a.kind > b.kind ? 1 : 0);
    if (byKind !== 0) return byKind;
    return a.metadata.name < b.metadata.name ? -1 : a.metadata.name > b.metadata.name ? 1 : 0;
  });
}

/** Name of the ConfigMap `up gke` creates with provisioned addresses (REDIS_HOST_…) after provisioning. */
export const outputsName = (env: Environment): string => dnsName(env.metadata.name, 'gcp-outputs');
/** Name of the self-signed TLS Secret `up` creates for the ingress host. */
export const tlsSecretName = (env: Environment): string => dnsName(env.metadata.name, 'tls');

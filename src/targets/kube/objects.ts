// The shapes oh-env reads from a cluster (the parts of Pod, Deployment, StatefulSet, Job, ReplicaSet, Event that
// the waits, the status and ps look at), and which pods belong to which workload's current rollout. Pure.
import type { KubeResource } from '../../drivers/kube/index.js';
import { dnsName } from '../../render/names.js';
import { MANAGED_BY } from '../../render/kube/meta.js';
import type { Environment } from '../../model/schema.js';

export type WorkloadKind = 'Deployment' | 'StatefulSet' | 'Job';
export const WORKLOAD_KINDS: readonly WorkloadKind[] = ['Deployment', 'StatefulSet', 'Job'];
export const API_VERSION: Readonly<Record<WorkloadKind | 'Pod' | 'ReplicaSet', string>> = {
  Deployment: 'apps/v1',
  StatefulSet: 'apps/v1',
  ReplicaSet: 'apps/v1',
  Job: 'batch/v1',
  Pod: 'v1',
};

/** The labels every object of an environment carries (render/kube/meta.ts `labels`). */
export function envLabels(env: Pick<Environment, 'metadata'>): Readonly<Record<string, string>> {
  return { 'app.kubernetes.io/part-of': dnsName(env.metadata.name), 'app.kubernetes.io/managed-by': MANAGED_BY };
}

/** What a row is called: the model's name of the service, job or backend an object belongs to. */
export const NAME_LABEL = 'app.kubernetes.io/name';
export const REVISION_ANNOTATION = 'deployment.kubernetes.io/revision';
export const RESTARTED_AT_ANNOTATION = 'kubectl.kubernetes.io/restartedAt';

export interface Condition {
  readonly type: string;
  readonly status: string;
  readonly reason?: string;
  readonly message?: string;
  readonly lastTransitionTime?: string;
}

export interface ContainerState {
  readonly waiting?: { readonly reason?: string; readonly message?: string };
  readonly running?: { readonly startedAt?: string };
  readonly terminated?: {
    readonly exitCode: number;
    readonly reason?: string;
    readonly message?: string;
    readonly finishedAt?: string;
  };
}

export interface ContainerStatus {
  readonly name: string;
  readonly image?: string;
  readonly ready?: boolean;
  readonly started?: boolean;
  readonly restartCount?: number;
  readonly state?: ContainerState;
  readonly lastState?: ContainerState;
}

export interface Container {
  readonly name: string;
  readonly image?: string;
  readonly ports?: readonly { readonly containerPort: number; readonly protocol?: string; readonly name?: string }[];
  readonly env?: readonly { readonly name: string }[];
}

export type Pod = KubeResource & {
  readonly metadata: KubeResource['metadata'] & {
    readonly creationTimestamp?: string;
    readonly deletionTimestamp?: string;
    readonly ownerReferences?: readonly { readonly kind: string; readonly name: string; readonly uid: string }[];
  };
  readonly spec?: { readonly containers?: readonly Container[]; readonly initContainers?: readonly Container[] };
  readonly status?: {
    readonly phase?: string;
    readonly reason?: string;
    readonly message?: string;
    readonly startTime?: string;
    readonly conditions?: readonly Condition[];
    readonly containerStatuses?: readonly ContainerStatus[];
    readonly initContainerStatuses?: readonly ContainerStatus[];
  };
};

export type Workload = KubeResource & {
  readonly kind: string;
  readonly metadata: KubeResource['metadata'] & {
    readonly generation?: number;
    readonly annotations?: Readonly<Record<string, string>>;
    readonly creationTimestamp?: string;
  };
  readonly spec?: {
    readonly replicas?: number;
    readonly selector?: { readonly matchLabels?: Readonly<Record<string, string>> };
    readonly updateStrategy?: { readonly type?: string; readonly rollingUpdate?: { readonly partition?: number } };
    readonly template?: {
      readonly metadata?: { readonly annotations?: Readonly<Record<string, string>> };
      readonly spec?: { readonly containers?: readonly Container[] };
    };
  };
  readonly status?: {
    readonly observedGeneration?: number;
    readonly replicas?: number;
    readonly updatedReplicas?: number;
    readonly readyReplicas?: number;
    readonly availableReplicas?: number;
    readonly currentRevision?: string;
    readonly updateRevision?: string;
    readonly conditions?: readonly Condition[];
    readonly succeeded?: number;
    readonly failed?: number;
    readonly active?: number;
    readonly startTime?: string;
  };
};

export type ReplicaSet = KubeResource & {
  readonly metadata: KubeResource['metadata'] & {
    readonly annotations?: Readonly<Record<string, string>>;
    readonly labels?: Readonly<Record<string, string>>;
    readonly ownerReferences?: readonly { readonly kind: string; readonly name: string; readonly uid: string }[];
  };
};

export const isWorkloadKind = (k: string): k is WorkloadKind => (WORKLOAD_KINDS as readonly string[]).includes(k);

const matches = (selector: Readonly<Record<string, string>> | undefined, labels: Readonly<Record<string, string>>) =>
  selector !== undefined &&
  Object.keys(selector).length > 0 &&
  Object.entries(selector).every(([k, v]) => labels[k] === v);

/** Every live pod the workload's selector matches (old rollouts included), terminating ones left out. */
export function podsOf(w: Workload, pods: Iterable<Pod>): Pod[] {
  const selector = w.spec?.selector?.matchLabels;
  return [...pods].filter(
    (p) =>
      p.metadata.namespace === w.metadata.namespace &&
      !p.metadata.deletionTimestamp &&
      matches(selector, p.metadata.labels ?? {}),
  );
}

/**
 * The pods of the workload's current revision: what a rollout waits for. An old pod that crash-loops while a
 * fixed revision replaces it must not fail the wait. Deployment: the pods of the ReplicaSet whose revision is
 * the Deployment's; StatefulSet: the pods at its updateRevision; Job: all of its pods. Undefined when the
 * current revision is not known yet (the controller has not written it).
 */
export function currentPods(w: Workload, pods: Iterable<Pod>, replicaSets: Iterable<ReplicaSet>): Pod[] | undefined {
  const mine = podsOf(w, pods);
  if (w.kind === 'Deployment') {
    const revision = w.metadata.annotations?.[REVISION_ANNOTATION];
    if (!revision) return undefined;
    const rs = [...replicaSets].find(
      (r) =>
        r.metadata.ownerReferences?.some((o) => o.kind === 'Deployment' && o.uid === w.metadata.uid) &&
        r.metadata.annotations?.[REVISION_ANNOTATION] === revision,
    );
    const hash = rs?.metadata.labels?.['pod-template-hash'];
    return hash === undefined ? undefined : mine.filter((p) => p.metadata.labels?.['pod-template-hash'] === hash);
  }
  if (w.kind === 'StatefulSet') {
    const revision = w.status?.updateRevision;
    return revision === undefined
      ? undefined
      : mine.filter((p) => p.metadata.labels?.['controller-revision-hash'] === revision);
  }
  return mine;
}

/** The model's name for an object (its app.kubernetes.io/name label), else its own name. */
export const serviceName = (o: KubeResource): string => o.metadata.labels?.[NAME_LABEL] ?? o.metadata.name;

export const isoMs = (s: string | undefined): number | undefined => {
  if (!s) return undefined;
  const t = Date.parse(s);
  return Number.isNaN(t) ? undefined : t;
};

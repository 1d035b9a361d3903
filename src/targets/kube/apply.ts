// Converging a namespace to the rendered objects, for every Kubernetes target (kind now, GKE next): one survey
// of what the environment already has (listed by its labels), then a server-side apply of the whole set, a
// prune of what an earlier apply made and the model no longer has (what `kubectl apply --prune` does with an
// applyset), and a record of what was applied. The record is a hash of the applied set in a ConfigMap of the
// namespace: a second `up` with nothing changed reads it and applies nothing.
//
// Jobs are the one kind whose pod template the API server will not update in place: a Job whose rendered spec
// changed is deleted and created again (its spec hash rides on the Job as an annotation); an unchanged Job
// that completed stays, so a second `up` does not rerun the migrations.
import { createHash } from 'node:crypto';
import type { KubeDriver, KubeKind, KubeResource } from '../../drivers/kube/index.js';
import { refOf } from '../../drivers/kube/index.js';
import type { Action } from '../target.js';

/** The annotation carrying a Job's spec hash (see above). */
export const SPEC_HASH = 'dev.oh-env.spec-hash';
/** The ConfigMap recording the applied set. */
export const APPLIED_STATE = 'oh-env-applied';

/** The kinds an environment's objects can be of, with their API group: what a prune lists. */
export const PRUNABLE: readonly KubeKind[] = [
  { apiVersion: 'v1', kind: 'ServiceAccount' },
  { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role' },
  { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'RoleBinding' },
  { apiVersion: 'v1', kind: 'ConfigMap' },
  { apiVersion: 'v1', kind: 'Secret' },
  { apiVersion: 'v1', kind: 'Service' },
  { apiVersion: 'apps/v1', kind: 'StatefulSet' },
  { apiVersion: 'apps/v1', kind: 'Deployment' },
  { apiVersion: 'batch/v1', kind: 'Job' },
  { apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler' },
  { apiVersion: 'policy/v1', kind: 'PodDisruptionBudget' },
  { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy' },
  { apiVersion: 'networking.k8s.io/v1', kind: 'Ingress' },
];
/** Data: kept by `down` and by a prune, deleted only when the user asks (`down --volumes`). */
export const CLAIMS: KubeKind = { apiVersion: 'v1', kind: 'PersistentVolumeClaim' };

const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

/** Stable JSON: keys sorted, so a hash does not depend on the order a render built an object in. */
function canonicalJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(',')}]`;
  if (v && typeof v === 'object')
    return `{${Object.keys(v)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonicalJson((v as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  return JSON.stringify(v);
}

/** The hash of a set of objects: equal sets (in any order) hash equal. */
export function setHash(objects: readonly KubeResource[]): string {
  return sha256(
    objects
      .map((o) => canonicalJson(o))
      .sort()
      .join('\n'),
  );
}

/** Jobs get their spec hash as an annotation, so a changed Job is seen (and replaced) before it is applied. */
export function withSpecHashes(objects: readonly KubeResource[]): KubeResource[] {
  return objects.map((o) => {
    if (o.kind !== 'Job') return o;
    const metadata = o.metadata as KubeResource['metadata'] & { annotations?: Record<string, string> };
    return {
      ...o,
      metadata: { ...metadata, annotations: { ...metadata.annotations, [SPEC_HASH]: sha256(canonicalJson(o)) } },
    };
  });
}

const annotationsOf = (o: KubeResource): Readonly<Record<string, string>> =>
  ((o.metadata as { annotations?: Record<string, string> }).annotations ?? {}) as Record<string, string>;

const resourceVersionOf = (o: KubeResource | undefined): string | undefined => o?.metadata.resourceVersion;

export interface KubeSurvey {
  readonly namespace: string;
  /** What will be applied (with spec hashes), in apply order. */
  readonly desired: readonly KubeResource[];
  /** What the environment has now, by ref (Kind/namespace/name). */
  readonly existing: ReadonlyMap<string, KubeResource>;
  /** Objects of the environment the model no longer has: deleted by the apply. */
  readonly prune: readonly KubeResource[];
  /** Jobs whose spec changed: deleted, then created again. */
  readonly replace: readonly KubeResource[];
  /** The hash of the desired set, and the one the last apply recorded. */
  readonly hash: string;
  readonly appliedHash: string | undefined;
}

/** Reads what the namespace holds of the environment; changes nothing. */
export async function surveyKube(
  driver: KubeDriver,
  namespace: string,
  labels: Readonly<Record<string, string>>,
  objects: readonly KubeResource[],
): Promise<KubeSurvey> {
  const desired = withSpecHashes(objects);
  const hash = setHash(desired);
  const existing = new Map<string, KubeResource>();
  const ns = await driver.get({ apiVersion: 'v1', kind: 'Namespace' }, namespace);
  if (ns) {
    // One list per kind, in parallel: a survey is a handful of requests however many objects there are.
    const lists = await Promise.all(PRUNABLE.map((k) => driver.list(k, { labels, namespace })));
    for (const o of lists.flat()) existing.set(refOf(o), o);
  }
  const wanted = new Set(desired.map(refOf));
  const state = existing.get(refOf(stateRef(namespace)));
  const prune = [...existing.values()].filter((o) => !wanted.has(refOf(o)) && o.metadata.name !== APPLIED_STATE);
  const replace = desired.filter((o) => {
    const now = existing.get(refOf(o));
    return o.kind === 'Job' && now !== undefined && annotationsOf(now)[SPEC_HASH] !== annotationsOf(o)[SPEC_HASH];
  });
  const data = (state as { data?: Record<string, string> } | undefined)?.data;
  return { namespace, desired, existing, prune, replace, hash, appliedHash: data?.hash };
}

const stateRef = (namespace: string): KubeResource => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name: APPLIED_STATE, namespace },
});

/** The record of an apply: written after the objects, so an apply cut short is applied again next time. */
export function appliedState(s: KubeSurvey, labels: Readonly<Record<string, string>>): KubeResource {
  return {
    ...stateRef(s.namespace),
    metadata: { name: APPLIED_STATE, namespace: s.namespace, labels: { ...labels } },
    data: { hash: s.hash, objects: s.desired.map(refOf).join('\n') },
  };
}

export interface ApplyOutcome {
  readonly actions: readonly Action[];
  /** The objects as the server returned them, by ref. */
  readonly applied: ReadonlyMap<string, KubeResource>;
}

/**
 * Applies the survey: replaced Jobs deleted first, then the whole set (Namespaces first, by the driver), then
 * the prune, then the record. Actions say, per object, created / updated / unchanged (from resourceVersions).
 */
export async function applySurvey(
  driver: KubeDriver,
  s: KubeSurvey,
  labels: Readonly<Record<string, string>>,
): Promise<ApplyOutcome> {
  for (const job of s.replace) await driver.remove(job, { waitGone: true });
  const result = await driver.apply(s.desired);
  const applied = new Map(result.map((o) => [refOf(o), o] as const));
  const actions: Action[] = [];
  for (const o of s.desired) {
    const ref = refOf(o);
    const before = s.existing.get(ref);
    const replaced = s.replace.some((r) => refOf(r) === ref);
    const after = applied.get(ref);
    const action =
      o.kind === 'Namespace'
        ? undefined
        : !before || replaced
          ? replaced
            ? 'recreate'
            : 'create'
          : resourceVersionOf(before) !== resourceVersionOf(after)
            ? 'update'
            : 'keep';
    if (action) actions.push({ resource: ref, action, ...(replaced ? { reason: 'its spec changed' } : {}) });
  }
  for (const o of s.prune) {
    await driver.remove(o);
    actions.push({ resource: refOf(o), action: 'remove', reason: 'not in the model' });
  }
  await driver.apply([appliedState(s, labels)]);
  return { actions, applied };
}

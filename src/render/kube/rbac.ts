// ServiceAccounts and the Roles they are bound to. Every workload gets its own ServiceAccount so a grant
// never leaks to another workload; only the ones that talk to the Kubernetes API get a token mounted.
import type { Labels } from './meta.js';
import { meta, type KubeContext, type KubeObject, type OwnerKind } from './meta.js';
import { dnsName } from '../names.js';

export interface PolicyRule {
  readonly apiGroups: readonly string[];
  readonly resources: readonly string[];
  readonly verbs: readonly string[];
  readonly resourceNames?: readonly string[];
}

/**
 * What OpenHands' KubernetesRuntime (openhands/runtime/impl/kubernetes) does in its namespace, per
 * conversation: reads/creates/deletes the sandbox pod and waits for it to be Running+Ready (get; list and
 * watch so a restarted app can find its sandboxes and client-side waits can watch instead of poll), creates and
 * deletes the two sandbox Services and the VSCode Ingress (get: it checks before creating), and creates the
 * workspace PVC only when absent (get). pods/log (get) lets the app show a sandbox's log when it fails to start;
 * it grants no exec and no write. Nothing cluster-wide, no secrets, no update/patch.
 */
export const KUBERNETES_RUNTIME_RULES: readonly PolicyRule[] = [
  { apiGroups: [''], resources: ['pods'], verbs: ['get', 'list', 'watch', 'create', 'delete'] },
  { apiGroups: [''], resources: ['pods/log'], verbs: ['get'] },
  { apiGroups: [''], resources: ['services'], verbs: ['get', 'create', 'delete'] },
  { apiGroups: [''], resources: ['persistentvolumeclaims'], verbs: ['get', 'create', 'delete'] },
  { apiGroups: ['networking.k8s.io'], resources: ['ingresses'], verbs: ['get', 'create', 'delete'] },
];

interface Owner {
  readonly name: string;
  readonly kind: OwnerKind;
  readonly labels?: Labels;
}

export function serviceAccount(
  ctx: KubeContext,
  owner: Owner,
  opts: { readonly automount: boolean; readonly annotations?: Readonly<Record<string, string>> },
): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'ServiceAccount',
    metadata: meta(ctx, owner.name, owner, opts.annotations),
    automountServiceAccountToken: opts.automount,
  };
}

/** A Role with these rules and the RoleBinding that grants it to the owner's ServiceAccount. */
export function roleFor(ctx: KubeContext, owner: Owner, purpose: string, rules: readonly PolicyRule[]): KubeObject[] {
  const name = dnsName(owner.name, purpose);
  return [
    { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role', metadata: meta(ctx, name, owner), rules },
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'RoleBinding',
      metadata: meta(ctx, name, owner),
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name },
      subjects: [{ kind: 'ServiceAccount', name: dnsName(owner.name), namespace: ctx.namespace }],
    },
  ];
}

// The Kubernetes ServiceAccounts that act as the runtime Google service account through Workload Identity.
// Shared by the manifests (the KSA annotation) and the GCP plan (the workloadIdentityUser binding), so both
// always name the same accounts; the GSA's own name is in gcp-names.ts.
import type { Environment } from '../../model/schema.js';
import { dnsName } from '../names.js';
import { namespaceOf } from '../kube/meta.js';

/**
 * Workloads that call Google APIs with Application Default Credentials: those using Cloud SQL (the
 * connector authenticates as the pod) or the GCS bucket. Memorystore needs no IAM. Sorted by name.
 */
export function workloadIdentityWorkloads(env: Environment): string[] {
  const needsGcp = (uses: readonly string[]): boolean =>
    uses.some((b) => {
      const t = env.backends[b]?.type;
      return t === 'postgres' || t === 'bucket';
    });
  return [...Object.entries(env.services), ...Object.entries(env.jobs)]
    .filter(([, w]) => needsGcp(w.uses))
    .map(([n]) => n)
    .sort();
}

/** The Kubernetes ServiceAccounts (namespace/name) annotated with the runtime GSA. */
export function workloadIdentityServiceAccounts(env: Environment): { namespace: string; name: string }[] {
  const namespace = namespaceOf(env, 'gke');
  return workloadIdentityWorkloads(env).map((w) => ({ namespace, name: dnsName(w) }));
}

/** IAM members to grant roles/iam.workloadIdentityUser on the runtime GSA. */
export function workloadIdentityMembers(env: Environment): string[] {
  const project = env.targets.gke?.project ?? '';
  return workloadIdentityServiceAccounts(env).map(
    (ksa) => `serviceAccount:${project}.svc.id.goog[${ksa.namespace}/${ksa.name}]`,
  );
}

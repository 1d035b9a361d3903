// The Google service accounts of an environment and the Kubernetes ServiceAccounts that act as them through
// Workload Identity. Shared by the manifests (the KSA annotation) and the GCP plan (the GSA, its roles and the
// workloadIdentityUser binding), so both always name the same accounts.
import type { Environment } from '../../model/schema.js';
import { dnsName } from '../names.js';
import { namespaceOf } from '../kube/meta.js';

/** Account id (the part before @) of the runtime GSA: what the pods act as on GCP. */
// GSA ids are 6-30 characters and end in a letter or digit.
export const runtimeServiceAccountId = (env: Environment): string =>
  `${env.metadata.name.slice(0, 22).replace(/-+$/, '')}-runtime`;

/** The runtime GSA's e-mail, as the `iam.gke.io/gcp-service-account` annotation and IAM bindings want it. */
export function runtimeServiceAccountEmail(env: Environment): string {
  const project = env.targets.gke?.project ?? '';
  return `${runtimeServiceAccountId(env)}@${project}.iam.gserviceaccount.com`;
}

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

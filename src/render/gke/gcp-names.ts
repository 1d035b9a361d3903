// Every name of a GCP resource an environment owns, defined once: the GCP plan, the manifests (the Workload
// Identity annotation, the ingress's static IP and certificate) and the NetworkPolicy all read them from here.
// The Cloud SQL and Memorystore instance names are formulas of the model's env contract (GCP_DB_INSTANCE), and
// model/ does not import render/, so they are defined there and re-exported here: callers in render use this module.
import type { Environment, GkeTarget } from '../../model/schema.js';
import { redisInstanceName, sqlInstanceName } from '../../model/contract.js';
import { secretManagerName } from '../secret-names.js';
import { dnsName } from '../names.js';
import { namespaceOf } from '../kube/meta.js';

export { redisInstanceName, secretManagerName, sqlInstanceName };

/** The three Google service accounts of an environment (design.md "Security defaults": each least privilege). */
export type AccountRole = 'runtime' | 'deploy' | 'nodes';

/** A GSA id: 6-30 characters, a-z 0-9 '-', starting with a letter and ending in a letter or digit. */
export const serviceAccountId = (env: Environment, role: AccountRole): string =>
  `${env.metadata.name.slice(0, 29 - role.length).replace(/-+$/, '')}-${role}`;

/** A GSA's e-mail, as IAM members and the `iam.gke.io/gcp-service-account` annotation want it. */
export const serviceAccountEmail = (env: Environment, role: AccountRole): string =>
  `${serviceAccountId(env, role)}@${env.targets.gke?.project ?? ''}.iam.gserviceaccount.com`;

/** The runtime GSA's e-mail: what the pods act as on GCP through Workload Identity. */
export const runtimeServiceAccountEmail = (env: Environment): string => serviceAccountEmail(env, 'runtime');

/** Global static IP address the GKE Ingress load balancer uses. */
export const globalAddressName = (env: Environment): string => dnsName(env.metadata.name, 'ip');
/** The ManagedCertificate for the ingress host (tls.mode managed). */
export const managedCertificateName = (env: Environment): string => dnsName(env.metadata.name, 'cert');

/**
 * The range reserved for private services access (VPC peering with Google's service producers): Cloud SQL's
 * private IP and Memorystore (connect mode private-service-access) get their addresses from it. The plan
 * allocates it; the NetworkPolicy opens egress to it. Outside the default subnet, pods and services ranges.
 */
export const PRIVATE_SERVICES_RANGE = { address: '10.40.0.0', prefixLength: 16, cidr: '10.40.0.0/16' } as const;

/** The shared names of the GCP plan, derived once from the model. */
export interface GcpNames {
  readonly project: string;
  readonly region: string;
  /** The cluster's location: its zone when zonal, else the region. */
  readonly location: string;
  readonly network: string;
  readonly subnet: string;
  readonly firewall: { readonly web: string; readonly sshIap: string };
  readonly cluster: string;
  readonly privateRange: string;
  readonly globalAddress: string;
  readonly namespace: string;
  readonly accounts: Readonly<Record<AccountRole, { readonly id: string; readonly email: string }>>;
}

export function gcpNames(env: Environment, gke: GkeTarget): GcpNames {
  const network = gke.network.name ?? dnsName(env.metadata.name, 'vpc');
  const account = (role: AccountRole) => ({ id: serviceAccountId(env, role), email: serviceAccountEmail(env, role) });
  return {
    project: gke.project,
    region: gke.region,
    location: gke.zone ?? gke.region,
    network,
    subnet: dnsName(network, gke.region),
    firewall: { web: dnsName(network, 'allow-web'), sshIap: dnsName(network, 'allow-ssh-iap') },
    cluster: gke.cluster.name ?? env.metadata.name,
    privateRange: dnsName(env.metadata.name, 'private-services'),
    globalAddress: globalAddressName(env),
    namespace: namespaceOf(env, 'gke'),
    accounts: { runtime: account('runtime'), deploy: account('deploy'), nodes: account('nodes') },
  };
}

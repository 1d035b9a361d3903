// Names of GCP resources that both the manifests and the GCP plan refer to, defined once.
import type { Environment } from '../../model/schema.js';
import { dnsName } from '../names.js';

/** Global static IP address the GKE Ingress load balancer uses (plan: `gcloud compute addresses create --global`). */
export const globalAddressName = (env: Environment): string => dnsName(env.metadata.name, 'ip');
/** The ManagedCertificate for the ingress host (tls.mode managed). */
export const managedCertificateName = (env: Environment): string => dnsName(env.metadata.name, 'cert');

/**
 * The range reserved for private services access (VPC peering with Google's service producers): Cloud SQL's
 * private IP and Memorystore (connect mode private-service-access) get their addresses from it. The plan
 * allocates it; the NetworkPolicy opens egress to it. Outside the default subnet, pods and services ranges.
 */
export const PRIVATE_SERVICES_RANGE = { address: '10.40.0.0', prefixLength: 16, cidr: '10.40.0.0/16' } as const;

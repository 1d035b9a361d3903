// The project's foundation as desired resources: APIs, the VPC and its subnet, private services access,
// firewall rules, the ingress's static IP and the Artifact Registry repository.
import type { GkeTarget } from '../../../model/schema.js';
import { PRIVATE_SERVICES_RANGE, type GcpNames } from '../gcp-names.js';
import type { Resource } from './resource.js';

/** Google's range for IAP TCP forwarding: the only source SSH is allowed from. */
export const IAP_RANGE = '35.235.240.0/20';

export const REQUIRED_APIS = [
  'artifactregistry.googleapis.com',
  'compute.googleapis.com',
  'container.googleapis.com',
  'iam.googleapis.com',
  'iamcredentials.googleapis.com',
  'redis.googleapis.com',
  'secretmanager.googleapis.com',
  'servicenetworking.googleapis.com',
  'sqladmin.googleapis.com',
] as const;

/** An ingress allow rule on the VPC. */
function firewall(
  n: GcpNames,
  id: string,
  name: string,
  title: string,
  rule: { readonly rules: readonly string[]; readonly sourceRanges: readonly string[]; readonly why?: string },
): Resource {
  const { why, ...allowed } = rule;
  return {
    id,
    type: 'compute.firewalls',
    name,
    title,
    ...(why ? { why } : {}),
    dependsOn: ['network'],
    properties: { project: n.project, network: n.network, direction: 'INGRESS', action: 'ALLOW', ...allowed },
  };
}

export function networkResources(n: GcpNames, gke: GkeTarget): Resource[] {
  const project = n.project;
  return [
    {
      id: 'apis',
      type: 'serviceusage.services',
      name: `${REQUIRED_APIS.length} APIs`,
      title: 'Enable the Google Cloud APIs the environment uses',
      dependsOn: [],
      properties: { project, services: REQUIRED_APIS },
    },
    {
      id: 'network',
      type: 'compute.networks',
      name: n.network,
      title: `VPC network ${n.network}`,
      why: 'custom subnet mode: only the subnet below exists, with the ranges the cluster needs',
      dependsOn: ['apis'],
      properties: { project, subnetMode: 'custom' },
    },
    {
      id: 'subnet',
      type: 'compute.subnetworks',
      name: n.subnet,
      title: `Subnet ${n.subnet} with secondary ranges for pods and services`,
      dependsOn: ['network'],
      properties: {
        project,
        network: n.network,
        region: n.region,
        ipCidrRange: gke.network.subnetCidr,
        secondaryRanges: { pods: gke.network.podsCidr, services: gke.network.servicesCidr },
        privateIpGoogleAccess: true,
      },
    },
    {
      id: 'private-range',
      type: 'compute.globalAddresses',
      name: n.privateRange,
      title: `Address range ${PRIVATE_SERVICES_RANGE.cidr} for private services access`,
      why: 'Cloud SQL and Memorystore get private IPs from it; the NetworkPolicy opens egress to it',
      dependsOn: ['network'],
      properties: {
        project,
        purpose: 'VPC_PEERING',
        address: PRIVATE_SERVICES_RANGE.address,
        prefixLength: PRIVATE_SERVICES_RANGE.prefixLength,
        network: n.network,
      },
    },
    {
      id: 'private-connection',
      type: 'servicenetworking.connections',
      name: n.network,
      title: 'Private services connection (VPC peering with Google services)',
      dependsOn: ['private-range'],
      properties: {
        project,
        network: n.network,
        service: 'servicenetworking.googleapis.com',
        ranges: [n.privateRange],
      },
    },
    firewall(n, 'firewall-web', n.firewall.web, 'Firewall: HTTP and HTTPS from anywhere to the load balancer', {
      rules: ['tcp:80', 'tcp:443'],
      sourceRanges: ['0.0.0.0/0'],
    }),
    firewall(n, 'firewall-ssh-iap', n.firewall.sshIap, `Firewall: SSH only from the IAP range ${IAP_RANGE}`, {
      rules: ['tcp:22'],
      sourceRanges: [IAP_RANGE],
      why: 'never 0.0.0.0/0: reach nodes with `gcloud compute ssh --tunnel-through-iap`',
    }),
    {
      id: 'address',
      type: 'compute.globalAddresses',
      name: n.globalAddress,
      title: `Global static IP ${n.globalAddress} for the ingress`,
      dependsOn: ['apis'],
      properties: { project, purpose: 'EXTERNAL', ipVersion: 'IPV4' },
    },
    {
      id: 'artifact-registry',
      type: 'artifactregistry.repositories',
      name: gke.artifactRepository,
      title: `Artifact Registry repository ${gke.artifactRepository} for the images`,
      dependsOn: ['apis'],
      properties: { project, location: n.region, format: 'docker' },
    },
  ];
}

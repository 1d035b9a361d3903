// Identities and compute as desired resources: the three service accounts and their project roles, the GKE
// cluster, the model's node pools (the default pool removed) and the Workload Identity bindings.
import type { Environment, GkeTarget } from '../../../model/schema.js';
import { workloadIdentityMembers } from '../accounts.js';
import type { AccountRole, GcpNames } from '../gcp-names.js';
import type { Resource } from './resource.js';

/** The control plane's private range (private nodes need one that does not overlap the VPC). */
export const MASTER_CIDR = '172.16.0.0/28';

/** Least privilege, per account (design.md "Security defaults"). Resource-scoped grants are separate resources. */
export const RUNTIME_PROJECT_ROLES = [
  'roles/cloudsql.client',
  'roles/logging.logWriter',
  'roles/monitoring.metricWriter',
];
export const NODES_PROJECT_ROLES = [
  'roles/artifactregistry.reader',
  'roles/logging.logWriter',
  'roles/monitoring.metricWriter',
  'roles/monitoring.viewer',
];
export const DEPLOY_PROJECT_ROLES = ['roles/artifactregistry.writer', 'roles/container.developer'];

const ACCOUNTS: Readonly<Record<AccountRole, { readonly why: string; readonly roles: readonly string[] }>> = {
  deploy: {
    why: 'what CI or a person deploys with: push images, apply manifests; nothing else',
    roles: DEPLOY_PROJECT_ROLES,
  },
  nodes: {
    why: 'the nodes\u2019 own identity: pull images, write logs and metrics (not the default compute account)',
    roles: NODES_PROJECT_ROLES,
  },
  runtime: {
    why: 'what the pods act as on Google Cloud (Workload Identity): only the data they use',
    roles: RUNTIME_PROJECT_ROLES,
  },
};

export function accountResources(env: Environment, n: GcpNames): Resource[] {
  const out: Resource[] = [];
  for (const role of ['deploy', 'nodes', 'runtime'] as const) {
    const acc = n.accounts[role];
    out.push({
      id: `sa-${role}`,
      type: 'iam.serviceAccounts',
      name: acc.email,
      title: `Service account ${acc.id}`,
      why: ACCOUNTS[role].why,
      dependsOn: ['apis'],
      properties: { project: n.project, accountId: acc.id, displayName: `oh-env ${env.metadata.name} ${role}` },
    });
    for (const r of ACCOUNTS[role].roles)
      out.push({
        id: `iam-${role}-${r.replace('roles/', '').replace(/\./g, '-')}`,
        type: 'projects.iamBinding',
        name: `${n.project} ${r}`,
        title: `Grant ${r} to ${acc.id}`,
        dependsOn: [`sa-${role}`],
        properties: { project: n.project, resource: n.project, member: `serviceAccount:${acc.email}`, role: r },
      });
  }
  return out;
}

export function clusterResources(env: Environment, n: GcpNames, gke: GkeTarget): Resource[] {
  const at = { project: n.project, cluster: n.cluster, location: n.location };
  const pools = [...gke.cluster.nodePools].sort((a, b) => a.name.localeCompare(b.name));
  const kubernetesServiceAccount = (member: string) => member.replace(/^.*\[|\]$/g, '');
  return [
    {
      id: 'cluster',
      type: 'container.clusters',
      name: n.cluster,
      title: `GKE cluster ${n.cluster} (${gke.zone ? 'zonal' : 'regional'}, ${gke.cluster.releaseChannel} channel)`,
      why: 'private nodes, Workload Identity, VPC-native; its default pool is replaced by the model\u2019s node pools',
      dependsOn: ['subnet', 'sa-nodes'],
      properties: {
        project: n.project,
        location: n.location,
        network: n.network,
        subnetwork: n.subnet,
        podsRange: 'pods',
        servicesRange: 'services',
        releaseChannel: gke.cluster.releaseChannel,
        workloadPool: `${n.project}.svc.id.goog`,
        masterIpv4Cidr: MASTER_CIDR,
        nodeServiceAccount: n.accounts.nodes.email,
      },
    },
    ...pools.map((pool): Resource => ({
      id: `node-pool-${pool.name}`,
      type: 'container.nodePools',
      name: pool.name,
      title: `Node pool ${pool.name} (${pool.machineType}, ${pool.minNodes}-${pool.maxNodes} nodes${pool.spot ? ', spot' : ''})`,
      dependsOn: ['cluster'],
      properties: {
        ...at,
        ensure: 'present',
        machineType: pool.machineType,
        diskSizeGb: pool.diskSizeGb,
        minNodes: pool.minNodes,
        maxNodes: pool.maxNodes,
        labels: pool.labels,
        taints: pool.taints,
        spot: pool.spot,
        serviceAccount: n.accounts.nodes.email,
      },
    })),
    {
      id: 'default-pool-removed',
      type: 'container.nodePools',
      name: 'default-pool',
      title: 'Remove the cluster\u2019s default node pool',
      why: 'the model\u2019s node pools replace it, with their labels, taints and autoscaling',
      dependsOn: pools.map((pool) => `node-pool-${pool.name}`),
      properties: { ...at, ensure: 'absent' },
    },
    ...workloadIdentityMembers(env).map((member): Resource => ({
      id: `workload-identity-${kubernetesServiceAccount(member).replace('/', '-')}`,
      type: 'iam.serviceAccounts.iamBinding',
      name: n.accounts.runtime.email,
      title: `Workload Identity: ${kubernetesServiceAccount(member)} acts as ${n.accounts.runtime.id}`,
      dependsOn: ['cluster', 'sa-runtime'],
      properties: {
        project: n.project,
        resource: n.accounts.runtime.email,
        member,
        role: 'roles/iam.workloadIdentityUser',
      },
    })),
  ];
}

// The GCP provisioning plan of the gke target: desired resources built per area (plan/desired-*.ts), ordered
// by dependencies (plan/order.ts), each with the gcloud commands derived from it (plan/gcloud.ts); shown as a
// gcloud script or a summary (plan/script.ts) and compared with what describe returns (plan/compare.ts).
import type { Environment } from '../../model/schema.js';
import { requireGke } from './require.js';
import { outputsName } from '../kube/meta.js';
import { kubeSecretName } from '../secret-names.js';
import { gcpNames, secretManagerName } from './gcp-names.js';
import { inDependencyOrder } from './plan/order.js';
import { networkResources } from './plan/desired-network.js';
import { accountResources, clusterResources } from './plan/desired-cluster.js';
import { dataResources, secretResources } from './plan/desired-data.js';
import { commandsOf } from './plan/gcloud.js';
import type { Plan } from './plan/types.js';

export type { Plan, PlannedResource } from './plan/types.js';
export type { Resource, ResourceType, Output } from './plan/resource.js';
export type { Command, Stdin } from './plan/command.js';
export { flagsFileInput } from './plan/command.js';
export { commandsOf, updateCommands, allArgv } from './plan/gcloud.js';
export { compare, type Comparison } from './plan/compare.js';
export { planScript, planSummary } from './plan/script.js';

export function buildPlan(env: Environment): Plan {
  const gke = requireGke(env);
  const n = gcpNames(env, gke);
  const resources = inDependencyOrder([
    ...networkResources(n, gke),
    ...accountResources(env, n),
    ...clusterResources(env, n, gke),
    ...secretResources(env, n),
    ...dataResources(env, n, gke),
  ]);
  return {
    environment: env.metadata.name,
    project: n.project,
    region: n.region,
    cluster: { name: n.cluster, location: n.location },
    namespace: n.namespace,
    outputsConfigMap: outputsName(env),
    kubernetesSecret: {
      name: kubeSecretName(env),
      keys: Object.entries(env.secrets)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([key, s]) => ({ key, secret: secretManagerName(env, key), required: s.required })),
    },
    resources: resources.map((r) => ({ ...r, gcloud: commandsOf(r) })),
  };
}

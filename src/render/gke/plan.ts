// The GCP provisioning plan of the gke target: typed steps (plan/types.ts) built per area (plan/steps.ts),
// ordered by dependencies (plan/order.ts), shown as a gcloud script or a summary (plan/script.ts).
import type { Environment } from '../../model/schema.js';
import { requireGke } from './require.js';
import { outputsName } from '../kube/meta.js';
import { kubeSecretName, secretManagerName } from '../secret-names.js';
import { orderSteps } from './plan/order.js';
import { accountSteps, clusterSteps, dataSteps, foundationSteps, names, secretSteps } from './plan/steps.js';
import type { Plan } from './plan/types.js';

export type { Plan, PlanStep, Arg, Check, Output } from './plan/types.js';
export { planScript, planSummary } from './plan/script.js';

export function buildPlan(env: Environment): Plan {
  const n = names(env, requireGke(env));
  const steps = orderSteps([
    ...foundationSteps(n),
    ...accountSteps(n),
    ...clusterSteps(n),
    ...secretSteps(n),
    ...dataSteps(n),
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
    steps,
  };
}

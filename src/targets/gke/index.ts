// The gke target: GKE on Google Cloud. Render, and the GCP provisioning plan from the model; `up gke`
// comes with the gcloud driver (until then the registry's need() says "not available yet").
import { renderGke } from '../../render/gke/index.js';
import type { TargetAdapter } from '../target.js';

export const gkeTarget: TargetAdapter = {
  name: 'gke',
  summary: 'GKE on Google Cloud, with Cloud SQL, Memorystore, GCS and Secret Manager',
  render: renderGke,
  // From the model alone: it does not read what exists on Google Cloud yet (live: false).
  plan: async (ctx) => {
    const { buildPlan, planScript, planSummary } = await import('../../render/gke/plan.js');
    const plan = buildPlan(ctx.env);
    return {
      target: 'gke',
      live: false,
      actions: plan.resources.map((r) => ({ resource: `${r.type} ${r.name}`, action: 'create', reason: r.title })),
      detail: plan,
      text: planSummary(plan),
      script: planScript(plan),
    };
  },
};

// The plan as files of the gke render: plan.json (the data) and plan.sh (the gcloud script).
import type { Environment } from '../../model/schema.js';
import type { RenderedFile } from '../output.js';
import { toJson } from '../yaml.js';
import { buildPlan, planScript } from './plan.js';

export function planFiles(env: Environment): RenderedFile[] {
  const plan = buildPlan(env);
  return [
    { path: 'plan.json', content: toJson(plan) },
    { path: 'plan.sh', content: planScript(plan) },
  ];
}

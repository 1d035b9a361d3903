// The plan as files of the gke render: plan.json (the data) and plan.sh (the gcloud script).
import { regenerateCommand, sourceText, type RenderInput } from '../input.js';
import type { RenderedFile } from '../output.js';
import { generatedHeader, toJson } from '../yaml.js';
import { buildPlan, planScript } from './plan.js';

export function planFiles(input: RenderInput): RenderedFile[] {
  const plan = buildPlan(input.env);
  // The script stays runnable on its own (`plan gke --script`); the rendered copy also says what made it.
  const [shebang, ...script] = planScript(plan).split('\n');
  const header = generatedHeader(sourceText(input), regenerateCommand(input, 'gke')).trimEnd();
  return [
    { path: 'plan.json', content: toJson(plan) },
    { path: 'plan.sh', content: [shebang, header, ...script].join('\n') },
  ];
}

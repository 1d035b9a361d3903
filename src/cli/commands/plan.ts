import type { Command } from '../command.js';
import { loadForCommand, OVERLAY_HELP, OVERLAY_OPTIONS, parseTarget } from '../model.js';
import { buildPlan, planScript, planSummary } from '../../render/gke/plan.js';
import { toJson } from '../../render/yaml.js';
import { OhEnvError } from '../../errors.js';

const command: Command = {
  name: 'plan',
  summary: 'the GCP provisioning plan for GKE, as a gcloud script or JSON',
  usage: 'oh-env plan gke [--script | --json] [-f FILE]',
  help: `Shows what \`oh-env up gke\` provisions on Google Cloud, in dependency order: APIs, VPC and subnet,
firewall rules, service accounts and IAM roles, Artifact Registry, the GKE cluster and node pools,
Cloud SQL, the GCS bucket, Secret Manager secrets, Workload Identity and Memorystore.
  (default)  a readable list of steps with what each one depends on
  --script   a bash script of gcloud commands that does the same by hand
  --json     the plan as typed data

Examples:
  oh-env plan gke
  oh-env plan gke --script > provision.sh`,
  options: { ...OVERLAY_OPTIONS, script: { type: 'boolean' } },
  optionHelp: { ...OVERLAY_HELP, script: 'print the plan as a bash script of gcloud commands' },
  async run(ctx) {
    const target = parseTarget(ctx.args[0], this.usage);
    if (target !== 'gke')
      throw new OhEnvError('E_USAGE', `plan is for gke only (got "${target}")`, {
        hint: 'local and kind need no cloud provisioning: use `oh-env render` to see what they run',
      });
    const loaded = await loadForCommand(ctx, target);
    const plan = buildPlan(loaded.env);
    if (ctx.json) ctx.io.stdout.write(toJson(plan));
    else if (ctx.options.script) ctx.io.stdout.write(planScript(plan));
    else ctx.io.stdout.write(planSummary(plan));
    return 0;
  },
};
export default command;

import type { Command } from '../command.js';
import {
  loadForCommand,
  OVERLAY_HELP,
  OVERLAY_OPTIONS,
  parseTarget,
  targetContext,
  targetMethod,
  CLUSTER_HELP,
  CLUSTER_OPTIONS,
} from '../model.js';
import type { PlanReport } from '../../targets/target.js';
import { toJson } from '../../render/yaml.js';
import { OhEnvError } from '../../errors.js';

const command: Command = {
  name: 'plan',
  summary: 'what `up` would change on a target: the Compose plan for local, the GCP plan for GKE',
  usage: 'oh-env plan <local|kind|gke> [--script | --json] [-f FILE]',
  help: `Shows what \`oh-env up <target>\` would do, in order, without doing it.
  local  per container: create, recreate (and why: configuration or image changed), start or keep, and
         the network, volumes and orphans, against what the Docker engine runs now
  gke    what is provisioned on Google Cloud, in dependency order: APIs, VPC and subnet, firewall rules,
         service accounts and IAM roles, Artifact Registry, the GKE cluster and node pools, Cloud SQL,
         the GCS bucket, Secret Manager secrets, Workload Identity and Memorystore. From the model alone:
         it does not read what exists on Google Cloud yet.
  kind   not available yet
Output:
  (default)  a readable list of steps
  --script   a bash script that does the same by hand (gke: gcloud commands)
  --json     the plan as typed data

Examples:
  oh-env plan gke
  oh-env plan gke --script > provision.sh
  oh-env plan local -f fixtures/demo/oh-env.yaml`,
  options: { ...OVERLAY_OPTIONS, ...CLUSTER_OPTIONS, script: { type: 'boolean' } },
  optionHelp: {
    ...OVERLAY_HELP,
    ...CLUSTER_HELP,
    script: 'print the plan as a script to run by hand (gke: gcloud commands)',
  },
  async run(ctx) {
    const target = parseTarget(ctx.args[0], this.usage);
    const { method: plan } = await targetMethod(target, 'plan', 'plan');
    const loaded = await loadForCommand(ctx, target);
    const report = await plan(targetContext(ctx, loaded));
    if (ctx.json) ctx.io.stdout.write(toJson(report.detail ?? report));
    else if (ctx.options.script) {
      if (report.script === undefined)
        throw new OhEnvError('E_USAGE', `plan ${target} has no script form`, {
          hint: `run \`oh-env plan ${target}\` for the list, or \`--json\` for the data`,
        });
      ctx.io.stdout.write(report.script);
    } else ctx.io.stdout.write(report.text ?? actionList(report));
    return 0;
  },
};

/** The actions, one line each: `create  app` / `recreate  app (configuration changed)`. */
export function actionList(r: PlanReport): string {
  const width = Math.max(0, ...r.actions.map((a) => a.action.length));
  const changes = r.actions.filter((a) => a.action !== 'keep').length;
  return [
    ...r.actions.map((a) => `${a.action.padEnd(width)}  ${a.resource}${a.reason ? ` (${a.reason})` : ''}`),
    changes === 0 ? 'nothing to change' : `${changes} change${changes === 1 ? '' : 's'}`,
    ...(r.live ? [] : ['(from the model alone: what exists was not read)']),
    '',
  ].join('\n');
}
export default command;

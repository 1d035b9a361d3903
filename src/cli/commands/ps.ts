import type { Command } from '../command.js';
import {
  loadForCommand,
  OVERLAY_HELP,
  OVERLAY_OPTIONS,
  splitTarget,
  targetContext,
  targetMethod,
  CLUSTER_HELP,
  CLUSTER_OPTIONS,
} from '../model.js';
import { psTable } from '../ps-table.js';

const command: Command = {
  name: 'ps',
  summary: "list the environment's containers on a target, with state and health",
  usage: 'oh-env ps [local|kind|gke] [-f FILE] [--json]',
  help: `Lists what runs for the environment on the target (default: local). local: the containers of the
environment's Compose project: service, kind (service, job, backend), state with health or exit code,
published ports and image. Containers started by \`docker compose up\` on the rendered file are listed
too. --json prints the rows as a JSON array.

Examples:
  oh-env ps -f fixtures/demo/oh-env.yaml
  oh-env ps local --json`,
  options: { ...OVERLAY_OPTIONS, ...CLUSTER_OPTIONS },
  optionHelp: { ...OVERLAY_HELP, ...CLUSTER_HELP },
  async run(ctx) {
    const { target } = splitTarget(ctx.args, 0, this.usage);
    const { method: ps } = await targetMethod(target, 'ps', 'ps');
    const loaded = await loadForCommand(ctx, target);
    const rows = await ps(targetContext(ctx, loaded));
    if (ctx.json) ctx.io.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
    else if (rows.length === 0)
      ctx.io.stderr.write(
        `nothing of ${loaded.env.metadata.name} runs on ${target} (start it with oh-env up ${target})\n`,
      );
    else ctx.io.stdout.write(psTable(rows));
    return 0;
  },
};
export default command;

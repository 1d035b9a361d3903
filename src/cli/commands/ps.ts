import type { Command } from '../command.js';
import { loadForCommand, OVERLAY_HELP, OVERLAY_OPTIONS, parseTarget } from '../model.js';
import { OhEnvError } from '../../errors.js';

const command: Command = {
  name: 'ps',
  summary: "list the environment's containers on a target, with state and health",
  usage: 'oh-env ps local [-f FILE] [--json]',
  help: `Lists the containers of the environment's Compose project: service, kind (service, job, backend),
state with health or exit code, published ports and image. Containers started by \`docker compose up\`
on the rendered file are listed too. --json prints the rows as a JSON array.

Examples:
  oh-env ps local
  oh-env ps local --json`,
  options: OVERLAY_OPTIONS,
  optionHelp: OVERLAY_HELP,
  async run(ctx) {
    const target = parseTarget(ctx.args[0], this.usage);
    if (target !== 'local') throw new OhEnvError('E_NOT_IMPLEMENTED', `oh-env ps ${target} is not available yet`);
    const loaded = await loadForCommand(ctx, target);
    const { psLocal, psTable } = await import('../../targets/local/status.js');
    const rows = await psLocal(loaded.env, ctx.io.env);
    if (ctx.json) ctx.io.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
    else if (rows.length === 0)
      ctx.io.stderr.write(`no container of ${loaded.env.metadata.name} exists (start it with oh-env up local)\n`);
    else ctx.io.stdout.write(psTable(rows));
    return 0;
  },
};
export default command;

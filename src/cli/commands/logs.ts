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
import { OhEnvError } from '../../errors.js';

const command: Command = {
  name: 'logs',
  summary: 'show the logs of one service or of the whole environment',
  usage: 'oh-env logs [local|kind|gke] [SERVICE] [--follow] [--tail N] [-f FILE]',
  help: `Prints the logs of a service, job or backend (or all of them) on the target (default: local), each
line prefixed with its name. The first argument is the target when it is one of local, kind, gke (a
service named like a target: \`oh-env logs local kind\`).
--follow keeps streaming until Ctrl-C; --tail N starts from the last N lines. With --json every line is
an NDJSON object {service, stream, line}.

Examples:
  oh-env logs app --tail 50
  oh-env logs app --follow -f fixtures/demo/oh-env.yaml
  oh-env logs local --follow`,
  options: {
    ...OVERLAY_OPTIONS,
    ...CLUSTER_OPTIONS,
    follow: { type: 'boolean' },
    tail: { type: 'string', short: 'n' },
  },
  optionHelp: {
    ...OVERLAY_HELP,
    ...CLUSTER_HELP,
    follow: 'keep streaming new lines (Ctrl-C stops)',
    tail: 'start from the last N lines',
  },
  async run(ctx) {
    const { target, args } = splitTarget(ctx.args, 1, this.usage);
    const { method: logs } = await targetMethod(target, 'logs', 'logs');
    const tailText = ctx.options.tail as string | undefined;
    const tail = tailText === undefined ? undefined : Number(tailText);
    if (tail !== undefined && (!Number.isInteger(tail) || tail < 0))
      throw new OhEnvError('E_USAGE', `--tail wants a number of lines, not "${tailText}"`, { hint: 'e.g. --tail 100' });
    const loaded = await loadForCommand(ctx, target);
    const service = args[0];
    const width = Math.max(
      ...[
        ...Object.keys(loaded.env.services),
        ...Object.keys(loaded.env.jobs),
        ...Object.keys(loaded.env.backends),
      ].map((n) => n.length),
    );
    await logs(
      targetContext(ctx, loaded),
      {
        ...(service ? { service } : {}),
        follow: ctx.options.follow === true,
        ...(tail !== undefined ? { tail } : {}),
      },
      (l) =>
        ctx.io.stdout.write(
          ctx.json
            ? `${JSON.stringify({ service: l.service, stream: l.stream, line: l.line })}\n`
            : `${l.service.padEnd(width)} | ${l.line}\n`,
        ),
    );
    return 0;
  },
};
export default command;

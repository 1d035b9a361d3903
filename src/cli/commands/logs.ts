import type { Command } from '../command.js';
import { loadForCommand, OVERLAY_HELP, OVERLAY_OPTIONS, parseTarget } from '../model.js';
import { OhEnvError } from '../../errors.js';

const command: Command = {
  name: 'logs',
  summary: 'show the logs of one service or of the whole environment',
  usage: 'oh-env logs local [service] [-f] [--tail N] [-f FILE]',
  help: `Prints the logs of a service, job or backend (or all of them), each line prefixed with its name.
--follow keeps streaming until Ctrl-C; --tail N starts from the last N lines. With --json every line is
an NDJSON object {service, stream, line}.

Examples:
  oh-env logs local app --tail 50
  oh-env logs local --follow`,
  options: { ...OVERLAY_OPTIONS, follow: { type: 'boolean' }, tail: { type: 'string', short: 'n' } },
  optionHelp: {
    ...OVERLAY_HELP,
    follow: 'keep streaming new lines (Ctrl-C stops)',
    tail: 'start from the last N lines',
  },
  async run(ctx) {
    const target = parseTarget(ctx.args[0], this.usage);
    if (target !== 'local') throw new OhEnvError('E_NOT_IMPLEMENTED', `oh-env logs ${target} is not available yet`);
    const tailText = ctx.options.tail as string | undefined;
    const tail = tailText === undefined ? undefined : Number(tailText);
    if (tail !== undefined && (!Number.isInteger(tail) || tail < 0))
      throw new OhEnvError('E_USAGE', `--tail wants a number of lines, not "${tailText}"`, { hint: 'e.g. --tail 100' });
    const loaded = await loadForCommand(ctx, target);
    const { logsLocal } = await import('../../targets/local/logs.js');
    const service = ctx.args[1];
    const width = Math.max(
      ...[
        ...Object.keys(loaded.env.services),
        ...Object.keys(loaded.env.jobs),
        ...Object.keys(loaded.env.backends),
      ].map((n) => n.length),
    );
    await logsLocal(
      loaded.env,
      ctx.io.env,
      {
        ...(service ? { service } : {}),
        follow: ctx.options.follow === true,
        ...(tail !== undefined ? { tail } : {}),
        ...(ctx.io.signal ? { signal: ctx.io.signal } : {}),
      },
      (svc, l) =>
        ctx.io.stdout.write(
          ctx.json
            ? `${JSON.stringify({ service: svc, stream: l.stream, line: l.line })}\n`
            : `${svc.padEnd(width)} | ${l.line}\n`,
        ),
    );
    return 0;
  },
};
export default command;

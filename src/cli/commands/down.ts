import type { Command } from '../command.js';
import { loadForCommand, OVERLAY_HELP, OVERLAY_OPTIONS, parseTarget } from '../model.js';
import { OhEnvError } from '../../errors.js';
import { EventBus } from '../../events/types.js';
import { startProgress } from '../../events/choose-renderer.js';

const command: Command = {
  name: 'down',
  summary: 'stop and remove the environment on a target (data kept unless --volumes)',
  usage: 'oh-env down local [--volumes] [-f FILE] [--json] [--progress tty|plain|json]',
  help: `Stops and removes the environment's containers and network, whether oh-env or \`docker compose up\`
created them. Named volumes (databases, bucket contents) are kept, so the next \`up\` finds the data;
--volumes deletes them too. The secrets file is kept.

Examples:
  oh-env down local
  oh-env down local --volumes   # also delete the data`,
  options: { ...OVERLAY_OPTIONS, volumes: { type: 'boolean', short: 'v' }, progress: { type: 'string' } },
  optionHelp: {
    ...OVERLAY_HELP,
    volumes: 'also remove the named volumes (deletes the data)',
    progress: 'how progress is shown: tty (live), plain or json (default: tty on a terminal)',
  },
  async run(ctx) {
    const target = parseTarget(ctx.args[0], this.usage);
    if (target !== 'local') throw new OhEnvError('E_NOT_IMPLEMENTED', `oh-env down ${target} is not available yet`);
    const loaded = await loadForCommand(ctx, target);
    const bus = new EventBus();
    // Live on a terminal, plain lines on stderr, or every event as NDJSON on stdout with --json.
    const progress = startProgress(ctx.io, {
      json: ctx.json,
      progress: ctx.options.progress as string | undefined,
      color: ctx.color,
    });
    bus.subscribe((e) => progress.sink.emit(e));
    const { downLocal } = await import('../../targets/local/down.js');
    let r;
    try {
      r = await downLocal(
        { env: loaded.env, procEnv: ctx.io.env, workingDir: ctx.io.cwd, events: bus },
        { volumes: ctx.options.volumes === true },
      );
    } finally {
      await progress.done();
    }
    if (progress.mode !== 'json' && r.keptVolumes.length > 0)
      ctx.io.stderr.write(
        `kept ${r.keptVolumes.length} volume(s) with the data: ${r.keptVolumes.join(', ')} (remove them with --volumes)\n`,
      );
    return 0;
  },
};
export default command;

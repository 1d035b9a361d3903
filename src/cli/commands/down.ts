import type { Command } from '../command.js';
import { loadForCommand, OVERLAY_HELP, OVERLAY_OPTIONS, parseTarget } from '../model.js';
import { OhEnvError } from '../../errors.js';
import { EventBus } from '../../events/types.js';
import { plainSink } from '../../events/render-plain.js';
import { ndjsonSink } from '../../events/render-ndjson.js';

const command: Command = {
  name: 'down',
  summary: 'stop and remove the environment on a target (data kept unless --volumes)',
  usage: 'oh-env down local [--volumes] [-f FILE] [--json]',
  help: `Stops and removes the environment's containers and network, whether oh-env or \`docker compose up\`
created them. Named volumes (databases, bucket contents) are kept, so the next \`up\` finds the data;
--volumes deletes them too. The secrets file is kept.

Examples:
  oh-env down local
  oh-env down local --volumes   # also delete the data`,
  options: { ...OVERLAY_OPTIONS, volumes: { type: 'boolean', short: 'v' } },
  optionHelp: { ...OVERLAY_HELP, volumes: 'also remove the named volumes (deletes the data)' },
  async run(ctx) {
    const target = parseTarget(ctx.args[0], this.usage);
    if (target !== 'local') throw new OhEnvError('E_NOT_IMPLEMENTED', `oh-env down ${target} is not available yet`);
    const loaded = loadForCommand(ctx, target);
    const bus = new EventBus();
    // Progress as plain lines on stderr, or every event as NDJSON on stdout with --json.
    const sink = ctx.json ? ndjsonSink(ctx.io.stdout) : plainSink(ctx.io.stderr, { color: ctx.color });
    bus.subscribe((e) => sink.emit(e));
    const { downLocal } = await import('../../targets/local/down.js');
    const r = await downLocal(
      { env: loaded.env, procEnv: ctx.io.env, workingDir: ctx.io.cwd, events: bus },
      { volumes: ctx.options.volumes === true },
    );
    if (!ctx.json && r.keptVolumes.length > 0)
      ctx.io.stderr.write(
        `kept ${r.keptVolumes.length} volume(s) with the data: ${r.keptVolumes.join(', ')} (remove them with --volumes)\n`,
      );
    return 0;
  },
};
export default command;

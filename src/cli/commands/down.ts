import type { Command } from '../command.js';
import { loadForCommand, OVERLAY_HELP, OVERLAY_OPTIONS, splitTarget, targetContext, targetMethod } from '../model.js';
import { EventBus } from '../../events/types.js';
import { startProgress } from '../progress.js';

const command: Command = {
  name: 'down',
  summary: 'stop and remove the environment on a target (data kept unless --volumes)',
  usage: 'oh-env down [local|kind|gke] [--volumes] [-f FILE] [--json] [--progress tty|plain|json]',
  help: `Stops and removes the environment on the target (default: local). local: its containers and
network, whether oh-env or \`docker compose up\` created them. Named volumes (databases, bucket contents) are kept, so the next \`up\` finds the data;
--volumes deletes them too. The secrets file is kept.

Examples:
  oh-env down -f fixtures/demo/oh-env.yaml
  oh-env down local --volumes   # also delete the data`,
  options: { ...OVERLAY_OPTIONS, volumes: { type: 'boolean', short: 'v' }, progress: { type: 'string' } },
  optionHelp: {
    ...OVERLAY_HELP,
    volumes: 'also remove the named volumes (deletes the data)',
    progress: 'how progress is shown: tty (live), plain or json (default: tty on a terminal)',
  },
  async run(ctx) {
    const { target } = splitTarget(ctx.args, 0, this.usage);
    const { method: down } = await targetMethod(target, 'down', 'down');
    const loaded = await loadForCommand(ctx, target);
    const bus = new EventBus();
    // Live on a terminal, plain lines on stderr, or every event as NDJSON on stdout with --json.
    const progress = startProgress(ctx.io, {
      json: ctx.json,
      progress: ctx.options.progress as string | undefined,
      color: ctx.color,
    });
    bus.subscribe((e) => progress.sink.emit(e));
    let r;
    try {
      r = await down(targetContext(ctx, loaded, bus), { volumes: ctx.options.volumes === true });
    } finally {
      await progress.done();
    }
    if (progress.mode !== 'json')
      for (const [kind, names] of Object.entries(r.kept))
        if (names.length > 0)
          ctx.io.stderr.write(
            `kept ${names.length} ${kind} with the data: ${names.join(', ')} (remove them with --volumes)\n`,
          );
    return 0;
  },
};
export default command;

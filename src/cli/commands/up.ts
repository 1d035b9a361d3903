import type { Command } from '../command.js';
import { loadForCommand, OVERLAY_HELP, OVERLAY_OPTIONS, parseTarget } from '../model.js';
import { OhEnvError } from '../../errors.js';
import { EventBus } from '../../events/types.js';
import { plainSink } from '../../events/render-plain.js';
import { ndjsonSink } from '../../events/render-ndjson.js';
import { paint } from '../paint.js';

const command: Command = {
  name: 'up',
  summary: 'start the environment on a target and wait until it is healthy',
  usage: 'oh-env up local [-f FILE] [--json]',
  help: `Brings the environment up and waits until every service is healthy and every job has completed.
  local  a Compose project on the Docker engine (DOCKER_HOST or the default socket): network, named
         volumes, the secrets file (~/.config/oh-env/<env>/secrets.env, mode 0600; generated values are
         created once and kept), then every container as soon as its dependencies meet their condition.
         Containers carry Compose's labels: \`docker compose ps|logs|down\` on the rendered file see them.
Idempotent: with nothing changed it does nothing and says so; a changed service is recreated alone.
Ctrl-C stops waiting and leaves what exists; the next \`up\` continues from it. Two runs on the same
environment at once: the second refuses and names the first. Nothing is pulled: missing images are named
with how to build them.

Examples:
  oh-env up local -f fixtures/demo/oh-env.yaml
  oh-env up local --json      # every event as one JSON line on stdout`,
  options: OVERLAY_OPTIONS,
  optionHelp: OVERLAY_HELP,
  async run(ctx) {
    const target = parseTarget(ctx.args[0], this.usage);
    if (target !== 'local')
      throw new OhEnvError('E_NOT_IMPLEMENTED', `oh-env up ${target} is not available yet`, {
        hint: `render it with \`oh-env render ${target}\``,
      });
    const loaded = loadForCommand(ctx, target);
    const bus = new EventBus();
    // Progress as plain lines on stderr, or every event as NDJSON on stdout with --json.
    const sink = ctx.json ? ndjsonSink(ctx.io.stdout) : plainSink(ctx.io.stderr, { color: ctx.color });
    bus.subscribe((e) => sink.emit(e));
    const { upLocal } = await import('../../targets/local/up.js');
    const result = await upLocal({
      env: loaded.env,
      procEnv: ctx.io.env,
      workingDir: ctx.io.cwd,
      events: bus,
      ...(ctx.io.signal ? { signal: ctx.io.signal } : {}),
    });
    if (ctx.json) return 0;
    const out = ctx.io.stdout;
    if (!result.changed) out.write(`nothing to do: ${loaded.env.metadata.name} is up to date\n`);
    else
      out.write(
        `${paint(ctx.color, 'green', 'ready')}: ${loaded.env.metadata.name} in ${(result.durationMs / 1000).toFixed(1)} s\n`,
      );
    for (const e of result.endpoints) out.write(`  ${e.service}: ${e.url}\n`);
    return 0;
  },
};
export default command;

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
import { aborted } from '../../engine/abort.js';
import { paint, type Style } from '../paint.js';
import { EventBus } from '../../events/types.js';
import { reduceAll, isBad, type Snapshot } from '../../events/reducer.js';
import type { OhEnvEvent } from '../../events/types.js';
import type { StateTone } from '../../events/format.js';
import { tableText } from '../../events/table.js';

const TONE: Readonly<Record<StateTone, Style>> = { ok: 'green', progress: 'cyan', bad: 'red', muted: 'dim' };

const command: Command = {
  name: 'status',
  summary: 'what runs: state, health, ports, CPU, memory of every service; --watch for the live dashboard',
  usage: 'oh-env status [local|kind|gke] [--watch] [--json] [--progress plain|tty|json] [-f FILE]',
  help: `Shows what runs for the environment, read from the target (default local: the Docker engine's containers of
the model's Compose project, whether \`oh-env up\` or \`docker compose up\` started them).
Without --watch: one table on stdout (with --json: the events, one JSON line each, ending with run.ended);
exit 0 when everything is up (jobs completed), 1 when something failed, exited or is unhealthy.
With --watch: on a terminal, the dashboard; it follows Docker's events (no polling) until you quit.
  ↑/↓ j/k move · Enter follows the logs · r restarts the service · ? help · q, Esc or Ctrl-C quit
  (quitting leaves the environment as it is)
Without a terminal, in CI or with --progress plain, --watch prints one line per change (and the logs);
with --json, one event per line (schema/events.schema.json).
kind and gke are not available yet.

Examples:
  oh-env status -f fixtures/demo/oh-env.yaml
  oh-env status --watch
  oh-env status --watch --json | jq -c 'select(.type=="resource.status")'`,
  options: {
    ...OVERLAY_OPTIONS,
    ...CLUSTER_OPTIONS,
    watch: { type: 'boolean', short: 'w' },
    progress: { type: 'string' },
  },
  optionHelp: {
    ...OVERLAY_HELP,
    ...CLUSTER_HELP,
    watch: 'keep following: the dashboard on a terminal, plain lines or NDJSON otherwise',
    progress: 'how changes are shown: tty (the dashboard), plain or json (default: tty on a terminal)',
  },
  async run(ctx) {
    const { target } = splitTarget(ctx.args, 0, this.usage);
    const { method: status } = await targetMethod(target, 'status', 'status');
    const loaded = await loadForCommand(ctx, target);
    const env = loaded.env;
    const source = await status(targetContext(ctx, loaded));
    const started = Date.now();
    const bus = new EventBus();
    const runStarted = (): void =>
      bus.send({ type: 'run.started', command: 'status', env: env.metadata.name, target, context: source.context });

    if (ctx.options.watch !== true) {
      const events: OhEnvEvent[] = [];
      bus.subscribe((e) => events.push(e));
      if (ctx.json) bus.subscribe((e) => void ctx.io.stdout.write(`${JSON.stringify(e)}\n`));
      runStarted();
      await source.start(bus, { follow: false, logs: false, stats: false });
      await source.close();
      const snap = reduceAll(events);
      const bad = snap.resources.filter(isBad);
      bus.send({ type: 'run.ended', ok: bad.length === 0, durationMs: Date.now() - started, summary: summary(snap) });
      if (!ctx.json) printTable(ctx, snap, target);
      return bad.length === 0 ? 0 : 1;
    }

    const { startProgress } = await import('../progress.js');
    const progress = startProgress(ctx.io, {
      json: ctx.json,
      progress: ctx.options.progress as string | undefined,
      color: ctx.color,
      watch: true,
      logs: true,
      actions: { restart: (r) => source.restart(r) },
    });
    bus.subscribe((e) => progress.sink.emit(e));
    runStarted();
    try {
      await source.start(bus, { follow: true, logs: true, stats: true });
      await Promise.race([progress.quit, aborted(ctx.io.signal)]);
    } finally {
      await source.close();
      bus.send({ type: 'run.ended', ok: true, durationMs: Date.now() - started, summary: 'stopped watching' });
      await progress.done();
    }
    return 0;
  },
};

function summary(s: Snapshot): string {
  const n = s.resources.length;
  if (n === 0) return 'no containers';
  const bad = s.resources.filter(isBad).map((r) => r.name);
  return bad.length > 0 ? `${n} resource(s), not up: ${bad.join(', ')}` : `${n} resource(s) up`;
}

function printTable(ctx: Parameters<Command['run']>[0], s: Snapshot, target: string): void {
  const out = ctx.io.stdout;
  if (s.resources.length === 0) {
    out.write(
      `nothing of ${s.env ?? 'the environment'} runs on ${s.context ?? target}: \`oh-env up ${target}\` starts it\n`,
    );
    return;
  }
  const paintTone = (tone: StateTone, text: string): string => paint(ctx.color, TONE[tone], text);
  const width = out.columns ?? (Number(ctx.io.env.COLUMNS) || 120);
  out.write(tableText(s.resources, width, Date.now(), paintTone));
}

export default command;

import type { Command } from '../command.js';
import {
  CLUSTER_HELP,
  CLUSTER_OPTIONS,
  loadForCommand,
  OVERLAY_HELP,
  OVERLAY_OPTIONS,
  splitTarget,
  targetContext,
  targetMethod,
} from '../model.js';
import { EventBus } from '../../events/types.js';
import { startProgress } from '../progress.js';
import { aborted } from '../../engine/abort.js';
import type { TargetAdapter, TargetContext } from '../../targets/target.js';
import { paint } from '../paint.js';

const command: Command = {
  name: 'up',
  summary: 'start the environment on a target and wait until it is healthy',
  usage:
    'oh-env up [local|kind|gke] [-f FILE] [--json] [--watch] [--progress tty|plain|json] [--cluster NAME] [--kube-context CTX] [--node-image IMAGE]',
  help: `Brings the environment up on the target (default: local) and waits until every service is healthy
and every job has completed.
  local  a Compose project on the Docker engine (DOCKER_HOST or the default socket): network, named
         volumes, the secrets file (~/.config/oh-env/<env>/secrets.env, mode 0600; generated values are
         created once and kept), then every container as soon as its dependencies meet their condition.
         Containers carry Compose's labels: \`docker compose ps|logs|down\` on the rendered file see them.
  kind   a kind cluster on this machine: the one targets.kind.cluster (default: the environment's name)
         names, created from the rendered kind config when it does not exist (extraPortMappings to
         127.0.0.1:httpPort/httpsPort, the ingress-ready label), reused when oh-env created it. Its
         kubeconfig is oh-env's own (~/.config/oh-env/<env>/kind.kubeconfig; yours is not changed). Then the
         ingress controller when the cluster has none (ingress-nginx, pinned; OH_ENV_KIND_INGRESS_MANIFEST
         names another manifest), \`kind load\` of the local images the node lacks, one server-side apply
         (the Secrets from the secret source; objects no longer in the model pruned), the waits along the
         dependency graph, and a request through the ingress on the mapped port.
  gke    not available yet (\`oh-env render gke\` and \`oh-env plan gke\` show what it would run).
Idempotent: with nothing changed it does nothing and says so; a changed service is recreated alone.
Ctrl-C (or SIGTERM) stops waiting and leaves what exists; the next \`up\` continues from it; the exit
code is then 130 (143 after SIGTERM). Two runs on the same
environment at once: the second refuses and names the first. Nothing is pulled: missing images are named
with how to build them.

Progress: on a terminal, the live dashboard (steps and services); plain lines without a terminal, in CI or
with --progress plain; one JSON event per line with --json. --watch keeps the dashboard (or the stream)
after the environment is ready, as \`oh-env status --watch\` does, until you quit.

Examples:
  oh-env up -f fixtures/demo/oh-env.yaml
  oh-env up local --watch     # then stay on the dashboard
  oh-env up --json            # every event as one JSON line on stdout
  oh-env up kind -f fixtures/demo/oh-env.yaml`,
  options: {
    ...OVERLAY_OPTIONS,
    ...CLUSTER_OPTIONS,
    'node-image': { type: 'string' },
    watch: { type: 'boolean', short: 'w' },
    progress: { type: 'string' },
  },
  optionHelp: {
    ...OVERLAY_HELP,
    ...CLUSTER_HELP,
    'node-image':
      "kind: the node image a new cluster is created from (else OH_ENV_KIND_NODE_IMAGE, else kind's default)",
    watch: 'after the environment is ready, keep showing its status until you quit',
    progress: 'how progress is shown: tty (the dashboard), plain or json (default: tty on a terminal)',
  },
  async run(ctx) {
    const { target } = splitTarget(ctx.args, 0, this.usage);
    const { adapter, method: up } = await targetMethod(target, 'up', 'up');
    const loaded = await loadForCommand(ctx, target);
    const bus = new EventBus();
    const watch = ctx.options.watch === true;
    // The dashboard on a terminal, plain lines on stderr, or every event as NDJSON on stdout with --json.
    const progress = startProgress(ctx.io, {
      json: ctx.json,
      progress: ctx.options.progress as string | undefined,
      color: ctx.color,
      watch,
    });
    bus.subscribe((e) => progress.sink.emit(e));
    const tctx = targetContext(ctx, loaded, bus);
    let result;
    try {
      result = await up(tctx);
      if (watch) await watchAfterUp(ctx, adapter, tctx, bus, progress.quit);
    } finally {
      // The terminal is given back before anything else is printed, errors included.
      await progress.done();
    }
    if (ctx.json || progress.mode === 'json') return 0;
    const out = ctx.io.stdout;
    if (!result.changed) out.write(`nothing to do: ${loaded.env.metadata.name} is up to date\n`);
    else
      out.write(
        `${paint(ctx.color, 'green', 'ready')}: ${loaded.env.metadata.name} in ${(result.durationMs / 1000).toFixed(1)} s\n`,
      );
    for (const e of result.endpoints) out.write(`  ${e.service}: ${e.url}\n`);
    for (const [label, value] of Object.entries(result.notes ?? {}))
      if (target !== 'local') out.write(`  ${label}: ${value}\n`);
    return 0;
  },
};

/** `up --watch`: the target's status source feeds the same stream until the user quits (or Ctrl-C). */
async function watchAfterUp(
  ctx: Parameters<Command['run']>[0],
  adapter: TargetAdapter,
  tctx: TargetContext,
  bus: EventBus,
  quit: Promise<void>,
): Promise<void> {
  if (!adapter.status) return; // nothing to watch on this target yet: up has shown its result
  const source = await adapter.status(tctx);
  try {
    await source.start(bus, { follow: true, logs: true, stats: true });
    await Promise.race([quit, aborted(ctx.io.signal)]);
  } finally {
    await source.close();
  }
}

export default command;

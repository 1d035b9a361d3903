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

const command: Command = {
  name: 'down',
  summary: 'stop and remove the environment on a target (data kept unless --volumes)',
  usage: 'oh-env down [local|kind|gke] [--volumes] [--cluster] [-f FILE] [--json] [--progress tty|plain|json]',
  help: `Stops and removes the environment on the target (default: local). local: its containers and
network, whether oh-env or \`docker compose up\` created them. Named volumes (databases, bucket contents) are kept, so the next \`up\` finds the data;
--volumes deletes them too. The secrets file is kept.
kind: the environment's objects in its namespace; the PersistentVolumeClaims (the data) and the namespace
stay unless --volumes (which deletes the namespace). --cluster also deletes the kind cluster, when oh-env
created it for this environment (and everything in it).

Examples:
  oh-env down -f fixtures/demo/oh-env.yaml
  oh-env down local --volumes   # also delete the data
  oh-env down kind --cluster -f fixtures/demo/oh-env.yaml`,
  options: {
    ...OVERLAY_OPTIONS,
    'kube-context': CLUSTER_OPTIONS['kube-context'],
    kubeconfig: CLUSTER_OPTIONS.kubeconfig,
    volumes: { type: 'boolean', short: 'v' },
    cluster: { type: 'boolean' },
    progress: { type: 'string' },
  },
  optionHelp: {
    ...OVERLAY_HELP,
    'kube-context': CLUSTER_HELP['kube-context'],
    kubeconfig: CLUSTER_HELP.kubeconfig,
    volumes: 'also remove the named volumes (kind: the namespace and its claims): deletes the data',
    cluster: 'kind: also delete the kind cluster oh-env created for this environment',
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
      r = await down(targetContext(ctx, loaded, bus), {
        volumes: ctx.options.volumes === true,
        deleteCluster: ctx.options.cluster === true,
      });
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

// The kind target: a kind cluster on this machine, with the backends as emulators in the cluster. Each method
// loads its module when called (the kube driver, client-node), so `render kind` stays light. ps, logs and
// status are the Kubernetes targets' shared ones (targets/kube/), on the cluster `up kind` made.
import { renderKind } from '../../render/kind/index.js';
import type { TargetAdapter, TargetContext } from '../target.js';

/** The environment's cluster and namespace; a clear error when `up kind` has not made the cluster yet. */
async function onCluster(ctx: TargetContext) {
  const [{ existingKindCluster }, { OhEnvError }, { kindClusterName }, { namespaceOf }] = await Promise.all([
    import('./cluster.js'),
    import('../../errors.js'),
    import('../../render/kind/cluster.js'),
    import('../../render/kube/meta.js'),
  ]);
  const cluster = await existingKindCluster(ctx);
  if (!cluster)
    throw new OhEnvError('E_CLUSTER_UNREACHABLE', `there is no kind cluster "${kindClusterName(ctx.env)}"`, {
      hint: 'oh-env up kind creates it (or pass --cluster NAME / --kube-context CTX for another one)',
    });
  return { kube: cluster.driver, namespace: namespaceOf(ctx.env, 'kind') };
}

export const kindTarget: TargetAdapter = {
  name: 'kind',
  summary: 'a kind cluster on this machine, with the backends as emulators in the cluster',
  render: renderKind,
  up: async (ctx) => (await import('./up.js')).upKind(ctx),
  down: async (ctx, opts) => (await import('./down.js')).downKind(ctx, opts),
  ps: async (ctx) => {
    const [{ kube, namespace }, { psKube }] = await Promise.all([onCluster(ctx), import('../kube/ps.js')]);
    return psKube(kube, ctx.env, namespace);
  },
  logs: async (ctx, opts, onLine) => {
    const [{ kube, namespace }, { logsKube }] = await Promise.all([onCluster(ctx), import('../kube/logs.js')]);
    await logsKube(kube, ctx.env, namespace, opts, onLine, ctx.signal);
  },
  status: async (ctx) => {
    const [{ kube, namespace }, { KubeStatusSource }, { envLabels }] = await Promise.all([
      onCluster(ctx),
      import('../kube/status-source.js'),
      import('../kube/objects.js'),
    ]);
    return new KubeStatusSource(kube, namespace, envLabels(ctx.env));
  },
};

// `oh-env down kind`: deletes the environment's objects from its namespace (found by the environment's labels,
// whoever applied them) and keeps the data: the PersistentVolumeClaims and the namespace that holds them stay,
// so the next `up kind` finds the database and the bucket as they were. `--volumes` deletes the namespace, and
// with it the claims. `--cluster` deletes the kind cluster itself, only one oh-env created for this environment.
import { OhEnvError } from '../../errors.js';
import { deleteKindCluster } from '../../drivers/kind.js';
import { refOf } from '../../drivers/kube/index.js';
import { withRun } from '../../engine/run.js';
import { step } from '../../engine/step.js';
import { kindClusterName } from '../../render/kind/cluster.js';
import { namespaceOf } from '../../render/kube/meta.js';
import { CLAIMS, PRUNABLE } from '../kube/apply.js';
import { envLabels } from '../kube/objects.js';
import type { DownOptions, DownResult, TargetContext } from '../target.js';
import { existingKindCluster } from './cluster.js';
import { kindContext } from '../../drivers/kind.js';

const count = (r: DownResult, kind: string): number => r.removed[kind]?.length ?? 0;

export async function downKind(ctx: TargetContext, opts: DownOptions): Promise<DownResult> {
  const { env } = ctx;
  const name = ctx.cluster?.name ?? kindClusterName(env);
  return withRun<DownResult>(
    ctx,
    {
      command: 'down',
      target: 'kind',
      env: env.metadata.name,
      context: ctx.cluster?.kubeContext ?? kindContext(name),
      procEnv: ctx.procEnv,
      lock: true,
      interruptHint: 'run oh-env down kind again: it removes what is left',
      summary: (r) =>
        `removed ${count(r, 'objects')} objects${count(r, 'claims') > 0 ? `, ${count(r, 'claims')} volume claims` : ''}${count(r, 'clusters') > 0 ? ', the cluster' : ''}`,
    },
    async ({ bus }) => {
      const cluster = await existingKindCluster(ctx);
      if (!cluster) return { removed: {}, kept: {} };
      const { driver } = cluster;
      if (opts.deleteCluster && (!cluster.owned || !cluster.name || ctx.cluster?.name))
        throw new OhEnvError(
          'E_USAGE',
          `oh-env did not create the cluster ${cluster.name ?? cluster.context} for "${env.metadata.name}": not deleting it`,
          {
            hint: `delete it yourself if you mean to: kind delete cluster --name ${cluster.name ?? '<name>'}`,
          },
        );
      const namespace = namespaceOf(env, 'kind');
      const selection = { labels: envLabels(env), namespace };
      const claims = (await driver.list(CLAIMS, { namespace, labels: {} })).map((c) => c.metadata.name).sort();
      const removed = await step(bus, { id: 'objects', title: `delete the objects in ${namespace}` }, async () => {
        const deleted = await driver.deleteByLabel(PRUNABLE, selection);
        for (const o of deleted) bus.send({ type: 'step.progressed', id: 'objects', message: `deleted ${refOf(o)}` });
        return deleted.map(refOf).sort();
      });
      const result: { removed: Record<string, string[]>; kept: Record<string, string[]> } = {
        removed: { objects: removed },
        kept: { 'volume claims': claims },
      };
      if (opts.volumes) {
        await step(bus, { id: 'namespace', title: `delete namespace ${namespace} (its volume claims too)` }, () =>
          driver.remove({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: namespace } }, { waitGone: true }),
        );
        result.removed.claims = claims;
        result.kept = {};
      }
      if (opts.deleteCluster && cluster.name) {
        const clusterName = cluster.name;
        await step(bus, { id: 'cluster', title: `delete kind cluster ${clusterName}` }, () =>
          deleteKindCluster(clusterName, cluster.kubeconfig, { env: ctx.procEnv }),
        );
        result.removed.clusters = [clusterName];
        result.kept = {};
      }
      return result;
    },
  );
}

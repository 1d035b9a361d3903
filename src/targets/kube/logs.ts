// `oh-env logs kind|gke [service] [--follow] [--tail N]`: the logs of every container of the environment's
// pods (or of one service's), each line tagged with its service, like the local target's.
import type { KubeDriver } from '../../drivers/kube/index.js';
import { OhEnvError } from '../../errors.js';
import type { Environment } from '../../model/schema.js';
import { dnsName } from '../../render/names.js';
import type { LogLine, LogsOptions } from '../target.js';
import { API_VERSION, envLabels, NAME_LABEL, serviceName, type Pod } from './objects.js';
import { modelNames } from './ps.js';

export async function logsKube(
  kube: KubeDriver,
  env: Environment,
  namespace: string,
  opts: LogsOptions,
  onLine: (l: LogLine) => void,
  signal?: AbortSignal,
): Promise<void> {
  const names = modelNames(env);
  if (opts.service !== undefined && !names.includes(opts.service))
    throw new OhEnvError('E_USAGE', `no service, job or backend named "${opts.service}"`, {
      hint: `choose one of ${names.join(', ')}`,
    });
  const labels = { ...envLabels(env), ...(opts.service ? { [NAME_LABEL]: dnsName(opts.service) } : {}) };
  const pods = ((await kube.list({ apiVersion: API_VERSION.Pod, kind: 'Pod' }, { namespace, labels })) as Pod[]).filter(
    (p) => p.status?.phase !== 'Pending',
  );
  if (pods.length === 0)
    throw new OhEnvError(
      'E_USAGE',
      `no pod of ${opts.service ? `"${opts.service}"` : `environment "${env.metadata.name}"`} has started in namespace ${namespace}`,
      { hint: 'start it with `oh-env up`, and see `oh-env ps` for where its pods stand' },
    );
  await Promise.all(
    pods.flatMap((p) =>
      (p.spec?.containers ?? []).map((c) =>
        kube.podLogs(
          { namespace, name: p.metadata.name },
          c.name,
          {
            follow: opts.follow,
            ...(opts.tail !== undefined ? { tail: opts.tail } : {}),
            ...(signal ? { signal } : {}),
          },
          (line) => onLine({ service: serviceName(p), stream: 'stdout', line }),
        ),
      ),
    ),
  );
}

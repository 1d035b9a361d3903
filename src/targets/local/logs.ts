// `oh-env logs [local] [service] [--follow] [--tail N]`: the logs of one or every container of the project, each
// line prefixed by its service, as `docker compose logs` shows them.
import { connectDocker } from '../../drivers/docker/client.js';
import { listContainers } from '../../drivers/docker/containers.js';
import { followLogs } from '../../drivers/docker/logs.js';
import { OhEnvError } from '../../errors.js';
import { projectName } from '../../render/local/compose-project.js';
import type { LogLine, LogsOptions, TargetContext } from '../target.js';
import { L } from './compose-labels.js';

export async function logsLocal(ctx: TargetContext, opts: LogsOptions, onLine: (l: LogLine) => void): Promise<void> {
  const { env, procEnv, signal } = ctx;
  const names = [...Object.keys(env.services), ...Object.keys(env.jobs), ...Object.keys(env.backends)].sort();
  if (opts.service !== undefined && !names.includes(opts.service))
    throw new OhEnvError('E_USAGE', `no service, job or backend named "${opts.service}"`, {
      hint: `choose one of ${names.join(', ')}`,
    });
  const client = await connectDocker(procEnv);
  const labels = [`${L.project}=${projectName(env)}`, ...(opts.service ? [`${L.service}=${opts.service}`] : [])];
  const containers = await listContainers(client, labels);
  if (containers.length === 0)
    throw new OhEnvError(
      'E_USAGE',
      `no container of ${opts.service ? `"${opts.service}"` : `environment "${env.metadata.name}"`} exists`,
      {
        hint: 'start it with `oh-env up local`',
      },
    );
  await Promise.all(
    containers.map((c) =>
      followLogs(
        client,
        c.id,
        {
          follow: opts.follow,
          ...(opts.tail !== undefined ? { tail: opts.tail } : {}),
          ...(signal ? { signal } : {}),
        },
        (l) => onLine({ service: c.labels[L.service] ?? c.name, stream: l.stream, line: l.line }),
      ),
    ),
  );
}

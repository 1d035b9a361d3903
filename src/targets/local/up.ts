// `oh-env up local`: the Compose project of the model, created on the Docker engine through its API.
// Order: everything that can fail without side effects first (model, engine, lock, secrets, images, ports),
// then the network and volumes, then every container as soon as its dependencies meet their condition
// (started / healthy / completed), in parallel along the graph. The run bracket, the lock and the DAG
// scheduler are the engine's (src/engine); what is here is Compose's: the plan, the container bodies and
// Docker's waits. A second run with nothing changed touches nothing; a changed service is recreated alone.
import { OhEnvError } from '../../errors.js';
import type { EventBus } from '../../events/types.js';
import type { DockerClient } from '../../drivers/docker/client.js';
import { connectDocker } from '../../drivers/docker/client.js';
import {
  createContainer,
  killContainer,
  removeContainer,
  startContainer,
  stopContainer,
} from '../../drivers/docker/containers.js';
import { followProjectEvents, type ProjectEvents } from '../../drivers/docker/events.js';
import { tailLogs } from '../../drivers/docker/logs.js';
import { createNetwork } from '../../drivers/docker/networks.js';
import { createVolume } from '../../drivers/docker/volumes.js';
import type { ComposeProject, ComposeService, DependsCondition } from '../../render/local/compose-project.js';
import { toMs } from '../../render/duration.js';
import { withRun, type RunScope } from '../../engine/run.js';
import { Dag, leadersFirst, type Condition, type DagNode } from '../../engine/scheduler.js';
import { step } from '../../engine/step.js';
import type { Endpoint, TargetContext, UpResult } from '../target.js';
import { networkLabels, networkName, volumeLabels, volumeName } from './compose-labels.js';
import { networkConfigHash, volumeConfigHash } from './compose-hash.js';
import { containerCreateBody, resolveEnv } from './container-spec.js';
import type { PlannedService } from './plan.js';
import { checkPorts } from './preflight.js';
import type { ResolvedSecrets } from './secrets.js';
import { anyChange, changedActions, survey, type Survey } from './survey.js';
import { ContainerWaits, hostReachesContainers, type EngineInfo, type Outcome } from './waits.js';
import { join } from 'node:path';

/** Lines of a container's log shown when it fails. */
const LOG_LINES = 30;

/** The note under which `up` names the secrets file. */
export const SECRETS_FILE_NOTE = 'secrets file';

const urlOf = (p: ComposeService['ports'][number]): string =>
  `http://${p.hostIp === '0.0.0.0' ? '127.0.0.1' : p.hostIp}:${p.published}`;

export function endpointsOf(project: ComposeProject): Endpoint[] {
  return project.services.flatMap((s) =>
    s.ports.filter((p) => p.protocol === 'tcp').map((p) => ({ service: s.name, url: urlOf(p) })),
  );
}

const firstUrl = (s: ComposeService): string | undefined => {
  const p = s.ports.find((x) => x.protocol === 'tcp');
  return p ? urlOf(p) : undefined;
};

/** How long a fresh container may take to turn healthy: Docker declares it unhealthy by then. */
export function healthDeadlineMs(s: ComposeService): number {
  const h = s.healthcheck;
  if (!h) return 0;
  return toMs(h.start_period) + (toMs(h.interval) + toMs(h.timeout)) * (h.retries + 1) + 10_000;
}

/** Compose's depends_on conditions in the scheduler's words. */
const CONDITION: Readonly<Record<DependsCondition, Condition>> = {
  service_started: 'started',
  service_healthy: 'healthy',
  service_completed_successfully: 'completed',
};

async function lastLines(client: DockerClient, id: string): Promise<string[]> {
  try {
    const lines = await tailLogs(client, id, LOG_LINES);
    return lines.length > 0
      ? [`last ${lines.length} log lines:`, ...lines.map((l) => `  │ ${l.line}`)]
      : ['(no log output)'];
  } catch {
    return [];
  }
}

interface Outcomes {
  readonly result: UpResult;
  readonly summary: string;
}

export async function upLocal(ctx: TargetContext): Promise<UpResult> {
  const client = await connectDocker(ctx.procEnv);
  const r = await withRun<Outcomes>(
    ctx,
    {
      command: 'up',
      target: 'local',
      env: ctx.env.metadata.name,
      context: client.endpoint,
      procEnv: ctx.procEnv,
      lock: true,
      interruptHint: 'run oh-env up local again: it continues from what exists',
      summary: (o) => o.summary,
    },
    (run) => converge(client, ctx, run),
  );
  return r.result;
}

async function converge(client: DockerClient, ctx: TargetContext, run: RunScope): Promise<Outcomes> {
  const { bus } = run;
  const s = await survey(client, ctx);
  const { project, secrets, plan } = s;
  for (const name of secrets.generated)
    bus.send({
      type: 'step.progressed',
      id: 'secrets',
      message: `generated a value for secret "${name}" in ${secrets.path}`,
    });
  const creating = plan.services.filter((p) => p.action === 'create' || p.action === 'recreate');
  await checkPorts(
    client,
    ctx.env,
    creating.map((p) => ({
      name: p.name,
      ports: p.desired.service.ports,
      ...(p.existing ? { existing: p.existing } : {}),
    })),
  );
  const needsWait = plan.services.some(
    (p) =>
      p.action !== 'keep' ||
      (p.desired.service.healthcheck && p.existing?.health !== 'healthy') ||
      (p.desired.service.kind === 'job' && p.existing?.state === 'running'),
  );
  const actions = changedActions(s);
  const changed = anyChange(s);
  const result = (): UpResult => ({
    changed,
    actions,
    endpoints: endpointsOf(project),
    durationMs: run.elapsed(),
    notes: { [SECRETS_FILE_NOTE]: secrets.path },
  });

  if (!changed && !needsWait) {
    for (const p of plan.services) emitKept(bus, p);
    return { result: result(), summary: `nothing to do: ${plan.services.length} containers up to date` };
  }

  // Side effects from here on. The event stream opens first so no start, death or health change is missed.
  let stream: ProjectEvents | undefined;
  try {
    const info = client.get<EngineInfo>('/info').catch(() => undefined);
    const waits = new ContainerWaits(client);
    stream = await followProjectEvents(client, project.name, waits.onEvent);
    waits.hostReachesContainers = hostReachesContainers(client.endpoint, process.platform, await info);
    await createShared(client, bus, s);
    await startContainers(client, waits, bus, ctx, s, run);
  } finally {
    stream?.close();
  }
  return {
    result: result(),
    summary: changed
      ? `ready: ${actions.length} change${actions.length === 1 ? '' : 's'}`
      : 'nothing to change: waited for health',
  };
}

/** The network, the missing volumes, and the removal of orphans: what the containers need first. */
async function createShared(client: DockerClient, bus: EventBus, s: Survey): Promise<void> {
  const { project } = s;
  if (!s.network) {
    await step(bus, { id: 'network', title: `network ${networkName(project.name)}` }, () =>
      createNetwork(client, networkName(project.name), networkLabels(project.name, networkConfigHash(project.name))),
    );
  }
  await Promise.all(
    s.missingVolumes.map((v) =>
      step(bus, { id: `volume:${v}`, title: `volume ${volumeName(project.name, v)}` }, () =>
        createVolume(
          client,
          volumeName(project.name, v),
          volumeLabels(project.name, v, volumeConfigHash(project.name, v)),
        ),
      ),
    ),
  );
  await Promise.all(
    s.plan.orphans.map((o) =>
      step(bus, { id: `orphan:${o.name}`, title: `remove ${o.name} (not in the model)` }, async () => {
        await stopContainer(client, o.id);
        await removeContainer(client, o.id, { force: true });
      }),
    ),
  );
}

/** Every container through the engine's scheduler, along the depends_on graph. */
async function startContainers(
  client: DockerClient,
  waits: ContainerWaits,
  bus: EventBus,
  ctx: TargetContext,
  s: Survey,
  run: RunScope,
): Promise<void> {
  const { project, plan, secrets } = s;
  const configFile = join(ctx.workingDir, 'docker-compose.yml');
  const body = (p: PlannedService) => createBody(project, p, secrets, ctx.workingDir, configFile);
  const precreated = new Map<string, Promise<string>>();
  const nodes: DagNode[] = plan.services.map((p) => ({
    id: p.name,
    needs: Object.fromEntries(Object.entries(p.desired.service.dependsOn).map(([to, c]) => [to, CONDITION[c]])),
    run: (reached, signal) => convergeService(client, waits, bus, p, body, reached, signal, precreated.get(p.name)),
  }));
  // The engine does much of its create and start work one container at a time, and everything on a chain
  // waits for its head. So the heads of the longest chains are created and started first, alone; the other
  // roots follow once those have started. Containers with dependencies are created while their
  // dependencies start, so each only has to be started when its turn comes.
  const dag = new Dag(nodes, { signal: run.signal, fail: run.fail, after: leadersFirst(nodes) });
  const roots = nodes.filter((n) => Object.keys(n.needs).length === 0).map((n) => n.id);
  const rootsStarted = Promise.allSettled(roots.map((r) => dag.when(r, 'started')));
  for (const p of plan.services)
    if (p.action === 'create' && !roots.includes(p.name)) {
      const created = rootsStarted.then(() => {
        if (run.signal.aborted) throw run.signal.reason; // nothing new after a failure or Ctrl-C
        return createContainer(client, body(p));
      });
      created.catch(() => undefined); // awaited (and reported) by the service's own run
      precreated.set(p.name, created);
    }
  for (const p of plan.services)
    bus.send({ type: 'resource.status', resource: p.name, kind: p.desired.service.kind, state: 'pending' });
  await dag.run();
}

function emitKept(bus: EventBus, p: PlannedService): void {
  const c = p.existing;
  bus.send({
    type: 'resource.status',
    resource: p.name,
    kind: p.desired.service.kind,
    state: p.desired.service.kind === 'job' ? 'exited' : c?.health === 'healthy' ? 'healthy' : 'running',
    ...(p.desired.service.kind === 'job' && c?.exitCode !== undefined ? { exitCode: c.exitCode } : {}),
    image: p.desired.service.image,
    reason: 'up to date',
    ...(firstUrl(p.desired.service) ? { url: firstUrl(p.desired.service)! } : {}),
  });
}

/** Brings one service to its desired state and tells the scheduler as it reaches each condition. */
async function convergeService(
  client: DockerClient,
  waits: ContainerWaits,
  bus: EventBus,
  p: PlannedService,
  body: (p: PlannedService) => Record<string, unknown>,
  reached: (c: Condition) => void,
  signal: AbortSignal,
  precreated: Promise<string> | undefined,
): Promise<void> {
  const s = p.desired.service;
  const kind = s.kind;
  const status = (
    state: 'starting' | 'healthy' | 'running' | 'exited' | 'failed',
    extra: { exitCode?: number; reason?: string } = {},
  ) =>
    bus.send({
      type: 'resource.status',
      resource: s.name,
      kind,
      state,
      image: s.image,
      ...(s.ports.length > 0
        ? { ports: s.ports.map((x) => `${x.hostIp}:${x.published}->${x.target}/${x.protocol}`) }
        : {}),
      ...((state === 'healthy' || state === 'running') && firstUrl(s) ? { url: firstUrl(s)! } : {}),
      ...extra,
    });
  const title = `${s.name}: ${p.action}${p.reason ? ` (${p.reason})` : ''}`;
  await step(bus, { id: `${kind}:${s.name}`, title, resource: s.name }, async () => {
    try {
      let containerId = p.existing?.id;
      if (p.action === 'recreate' && p.existing) {
        status('starting', { reason: p.reason ?? 'recreating' });
        await stopContainer(client, p.existing.id);
        await removeContainer(client, p.existing.id, { force: true });
        containerId = undefined;
      }
      if (p.action === 'create' || p.action === 'recreate') {
        status('starting', { reason: 'creating' });
        containerId = await (precreated ?? createContainer(client, body(p)));
      }
      if (!containerId) throw new OhEnvError('E_INTERNAL', `no container for ${s.name}`);
      if (signal.aborted) throw signal.reason;
      const mustStart = p.action !== 'keep';
      if (kind === 'job') {
        await runJob(client, waits, bus, s, containerId, mustStart, p.existing?.state === 'running', status, signal);
      } else {
        if (mustStart) await startContainer(client, containerId);
        reached('started');
        if (s.healthcheck && !(p.action === 'keep' && p.existing?.health === 'healthy')) {
          status('starting', { reason: 'waiting for health' });
          const o = await waits.healthyEarly(
            containerId,
            {
              test: s.healthcheck.test,
              timeoutMs: toMs(s.healthcheck.timeout),
              ...(s.hostCheck ? { host: s.hostCheck } : {}),
            },
            healthDeadlineMs(s),
            signal,
          );
          if (o.kind !== 'healthy') throw await unhealthy(client, s, containerId, o);
          status('healthy', o.early ? { reason: 'health check passed' } : {});
        } else status(s.healthcheck ? 'healthy' : 'running');
      }
      // A service that is healthy (or running, without a check) counts as completed for its dependants.
      reached('completed');
    } catch (e) {
      if (!signal.aborted || !(e === signal.reason))
        status('failed', { reason: e instanceof Error ? e.message : String(e) });
      throw e;
    }
  });
}

function createBody(
  project: ComposeProject,
  p: PlannedService,
  secrets: ResolvedSecrets,
  workingDir: string,
  configFile: string,
): Record<string, unknown> {
  return containerCreateBody({
    project: project.name,
    service: p.desired.service,
    env: resolveEnv(p.desired.service, secrets.values),
    configHash: p.desired.configHash,
    imageId: p.desired.imageId,
    workingDir,
    configFile,
    environmentFile: secrets.path,
  });
}

async function unhealthy(client: DockerClient, s: ComposeService, id: string, o: Outcome): Promise<OhEnvError> {
  const what =
    o.kind === 'exited'
      ? `exited with code ${o.exitCode} before it was healthy`
      : o.kind === 'unhealthy'
        ? 'is unhealthy: its health check kept failing'
        : `did not become healthy within ${Math.round(healthDeadlineMs(s) / 1000)} s`;
  return new OhEnvError('E_UNHEALTHY', `"${s.name}" ${what}`, {
    details: [`health check: ${s.healthcheck?.test.slice(1).join(' ') ?? '-'}`, ...(await lastLines(client, id))],
    hint: `see the whole log with \`oh-env logs ${s.name}\`; the containers that are up stay up, and the next \`oh-env up local\` continues from them`,
  });
}

async function runJob(
  client: DockerClient,
  waits: ContainerWaits,
  bus: EventBus,
  s: ComposeService,
  containerId: string,
  mustStart: boolean,
  alreadyRunning: boolean,
  status: (state: 'starting' | 'exited' | 'failed' | 'running', extra?: { exitCode?: number; reason?: string }) => void,
  signal: AbortSignal,
): Promise<void> {
  const timeoutMs = s.job?.timeoutMs ?? 600_000;
  const attempts = 1 + (s.job?.backoffLimit ?? 0);
  if (!mustStart && !alreadyRunning) {
    status('exited', { exitCode: 0, reason: 'completed earlier, nothing changed' });
    return;
  }
  for (let attempt = 1; attempt <= attempts; attempt++) {
    if (mustStart || attempt > 1) await startContainer(client, containerId);
    status('running', attempt > 1 ? { reason: `attempt ${attempt} of ${attempts}` } : {});
    const o = await waits.exited(containerId, timeoutMs, signal);
    if (o.kind === 'exited' && o.exitCode === 0) {
      status('exited', { exitCode: 0 });
      return;
    }
    if (o.kind === 'timeout') {
      await killContainer(client, containerId);
      status('failed', { reason: `timed out after ${Math.round(timeoutMs / 1000)} s` });
      throw new OhEnvError(
        'E_JOB_FAILED',
        `job "${s.name}" did not finish within ${Math.round(timeoutMs / 1000)} s (jobs.${s.name}.timeout)`,
        {
          details: await lastLines(client, containerId),
          hint: `raise jobs.${s.name}.timeout if it is just slow; \`oh-env logs ${s.name}\` shows the whole log`,
        },
      );
    }
    const code = o.kind === 'exited' ? o.exitCode : -1;
    status(attempt < attempts ? 'running' : 'failed', { exitCode: code, reason: `exited with code ${code}` });
    if (attempt < attempts) {
      bus.send({
        type: 'warning',
        resource: s.name,
        message: `job "${s.name}" exited with code ${code}; retrying (${attempt}/${attempts - 1})`,
      });
      continue;
    }
    throw new OhEnvError(
      'E_JOB_FAILED',
      `job "${s.name}" exited with code ${code}${attempts > 1 ? ` after ${attempts} attempts` : ''}`,
      {
        details: await lastLines(client, containerId),
        hint: `fix the cause shown in its log (\`oh-env logs ${s.name}\`), then run oh-env up local again: it reruns the job and continues`,
      },
    );
  }
}

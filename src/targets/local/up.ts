// `oh-env up local`: the Compose project of the model, created on the Docker engine through its API.
// Order: everything that can fail without side effects first (model, engine, lock, secrets, images, ports),
// then the network and volumes, then every container as soon as its dependencies meet their condition
// (started / healthy / completed), in parallel along the graph. Health comes from Docker's events and
// inspect. A second run with nothing changed touches nothing; a changed service is recreated alone.
import { OhEnvError } from '../../errors.js';
import { EventBus, type EventSink } from '../../events/types.js';
import type { Environment } from '../../model/schema.js';
import type { DockerClient } from '../../drivers/docker/client.js';
import { connectDocker } from '../../drivers/docker/client.js';
import {
  createContainer,
  killContainer,
  listContainers,
  removeContainer,
  startContainer,
  stopContainer,
} from '../../drivers/docker/containers.js';
import { followProjectEvents, type ProjectEvents } from '../../drivers/docker/events.js';
import { tailLogs } from '../../drivers/docker/logs.js';
import { createNetwork, findNetwork } from '../../drivers/docker/networks.js';
import { createVolume, findVolume } from '../../drivers/docker/volumes.js';
import {
  composeProject,
  type ComposeProject,
  type ComposeService,
  type DependsCondition,
} from '../../render/local/compose-project.js';
import { toMs } from '../../render/duration.js';
import { L, networkLabels, networkName, volumeLabels, volumeName } from './compose-labels.js';
import { networkConfigHash, serviceConfigHash, volumeConfigHash } from './compose-hash.js';
import { containerCreateBody, resolveEnv } from './container-spec.js';
import { acquireLock, type Lock } from './lock.js';
import { chainLengths, changes, planProject, type PlannedService } from './plan.js';
import { checkPorts, resolveImages } from './preflight.js';
import { ensureSecrets, secretsPathFor, type ResolvedSecrets } from './secrets.js';
import { ContainerWaits, hostReachesContainers, type EngineInfo, type Outcome } from './waits.js';
import { dirname, join } from 'node:path';

export interface LocalContext {
  readonly env: Environment;
  /** The process environment (DOCKER_HOST, XDG_CONFIG_HOME, OH_SECRET_* overrides). */
  readonly procEnv: Readonly<Record<string, string | undefined>>;
  /** Compose's project directory: relative bind mounts resolve against it. */
  readonly workingDir: string;
  /** Where progress goes (plain lines, NDJSON, the dashboard): step.* and resource.status events. */
  readonly events: EventSink;
  readonly signal?: AbortSignal;
}

export interface Endpoint {
  readonly service: string;
  readonly url: string;
}

export interface UpResult {
  readonly changed: boolean;
  readonly actions: readonly { readonly service: string; readonly action: string; readonly reason?: string }[];
  readonly endpoints: readonly Endpoint[];
  readonly secretsFile: string;
  readonly durationMs: number;
}

/** Lines of a container's log shown when it fails. */
const LOG_LINES = 30;

export const lockPath = (env: Environment, procEnv: LocalContext['procEnv']): string =>
  join(dirname(secretsPathFor(env.metadata.name, procEnv)), 'run.lock');

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

interface Gate {
  readonly promise: Promise<void>;
  open(): void;
  fail(e: Error): void;
}
function gate(): Gate {
  let open!: () => void;
  let fail!: (e: Error) => void;
  const promise = new Promise<void>((res, rej) => {
    open = res;
    fail = rej;
  });
  promise.catch(() => undefined); // a failed gate nobody waits on is not an unhandled rejection
  return { promise, open, fail };
}

interface NodeGates {
  readonly started: Gate;
  readonly healthy: Gate;
  readonly completed: Gate;
}

const gateFor = (g: NodeGates, c: DependsCondition): Gate =>
  c === 'service_started' ? g.started : c === 'service_healthy' ? g.healthy : g.completed;

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

function interrupted(signal: AbortSignal): OhEnvError {
  const r: unknown = signal.reason;
  return r instanceof OhEnvError
    ? r
    : new OhEnvError('E_USAGE', 'interrupted', { hint: 'run oh-env up local again: it continues from what exists' });
}

/** An EventBus (it stamps times) feeding the caller's sink. */
export function stamped(sink: EventSink): EventBus {
  if (sink instanceof EventBus) return sink;
  const bus = new EventBus();
  bus.subscribe((e) => sink.emit(e));
  return bus;
}

export async function upLocal(ctx: LocalContext): Promise<UpResult> {
  const started = Date.now();
  const bus = stamped(ctx.events);
  const outer = ctx.signal ?? new AbortController().signal;
  const project = composeProject(ctx.env);
  const configFile = join(ctx.workingDir, 'docker-compose.yml');

  const client = await connectDocker(ctx.procEnv);
  bus.send({
    type: 'run.started',
    command: 'up',
    env: ctx.env.metadata.name,
    target: 'local',
    context: client.endpoint,
  });
  let lock: Lock | undefined;
  let stream: ProjectEvents | undefined;
  const run = new AbortController();
  const onOuterAbort = (): void => run.abort(interrupted(outer));
  outer.addEventListener('abort', onOuterAbort, { once: true });
  try {
    lock = acquireLock(lockPath(ctx.env, ctx.procEnv), 'up', ctx.env.metadata.name);
    const secrets = ensureSecrets(project, ctx.procEnv);
    for (const name of secrets.generated)
      bus.send({
        type: 'step.progressed',
        id: 'secrets',
        message: `generated a value for secret "${name}" in ${secrets.path}`,
      });
    const [images, actual, network, volumes] = await Promise.all([
      resolveImages(client, project),
      listContainers(client, [`${L.project}=${project.name}`]),
      findNetwork(client, networkName(project.name)),
      Promise.all(
        project.volumes.map(async (v) => [v, await findVolume(client, volumeName(project.name, v))] as const),
      ),
    ]);
    const desired = project.services.map((s) => ({
      service: s,
      configHash: serviceConfigHash(s, resolveEnv(s, secrets.values), ctx.workingDir),
      imageId: images.get(s.image)!,
    }));
    const plan = planProject(desired, actual);
    const creating = plan.services.filter((p) => p.action === 'create' || p.action === 'recreate');
    await checkPorts(client, ctx.env, creating);
    const missingVolumes = volumes.filter(([, v]) => !v).map(([k]) => k);
    const needsWait = plan.services.some(
      (p) =>
        p.action !== 'keep' ||
        (p.desired.service.healthcheck && p.existing?.health !== 'healthy') ||
        (p.desired.service.kind === 'job' && p.existing?.state === 'running'),
    );
    const actions: { service: string; action: string; reason?: string }[] = plan.services
      .filter((p) => p.action !== 'keep')
      .map((p) => ({ service: p.name, action: p.action, ...(p.reason ? { reason: p.reason } : {}) }));
    for (const o of plan.orphans)
      actions.push({ service: o.labels[L.service] ?? o.name, action: 'remove', reason: 'not in the model' });
    const changed = changes(plan) > 0 || !network || missingVolumes.length > 0;

    if (!changed && !needsWait) {
      for (const p of plan.services) emitKept(bus, p);
      const result = {
        changed: false,
        actions: [],
        endpoints: endpointsOf(project),
        secretsFile: secrets.path,
        durationMs: Date.now() - started,
      };
      bus.send({
        type: 'run.ended',
        ok: true,
        durationMs: result.durationMs,
        summary: `nothing to do: ${plan.services.length} containers up to date`,
      });
      return result;
    }

    // Side effects from here on. The event stream opens first so no start, death or health change is missed.
    const info = client.get<EngineInfo>('/info').catch(() => undefined);
    const waits = new ContainerWaits(client);
    stream = await followProjectEvents(client, project.name, waits.onEvent);
    waits.hostReachesContainers = hostReachesContainers(client.endpoint, process.platform, await info);
    if (!network) {
      await step(bus, 'network', `network ${networkName(project.name)}`, () =>
        createNetwork(client, networkName(project.name), networkLabels(project.name, networkConfigHash(project.name))),
      );
    }
    await Promise.all(
      missingVolumes.map((v) =>
        step(bus, `volume:${v}`, `volume ${volumeName(project.name, v)}`, () =>
          createVolume(
            client,
            volumeName(project.name, v),
            volumeLabels(project.name, v, volumeConfigHash(project.name, v)),
          ),
        ),
      ),
    );
    await Promise.all(
      plan.orphans.map((o) =>
        step(bus, `orphan:${o.name}`, `remove ${o.name} (not in the model)`, async () => {
          await stopContainer(client, o.id);
          await removeContainer(client, o.id, { force: true });
        }),
      ),
    );

    const gates = new Map<string, NodeGates>(
      plan.services.map((p) => [p.name, { started: gate(), healthy: gate(), completed: gate() }]),
    );
    // The engine does much of its create and start work one container at a time, and everything on a chain
    // waits for its head. So the heads of the longest chains are created and started first, alone; the other
    // roots follow once those have started. Containers with dependencies are created while their
    // dependencies start, so each only has to be started when its turn comes.
    const roots = plan.services.filter((p) => Object.keys(p.desired.service.dependsOn).length === 0);
    const chain = chainLengths(project.services);
    const longest = Math.max(...roots.map((p) => chain.get(p.name)!));
    const leadersStarted = Promise.allSettled(
      roots.filter((p) => chain.get(p.name) === longest).map((p) => gates.get(p.name)!.started.promise),
    );
    const rootsStarted = Promise.allSettled(roots.map((p) => gates.get(p.name)!.started.promise));
    const precreated = new Map<string, Promise<string>>();
    for (const p of plan.services)
      if (p.action === 'create' && !roots.includes(p)) {
        const created = rootsStarted.then(() => {
          if (run.signal.aborted) throw run.signal.reason; // nothing new after a failure or Ctrl-C
          return createContainer(client, createBody(project, p, secrets, ctx.workingDir, configFile));
        });
        created.catch(() => undefined); // awaited (and reported) by the service's own run
        precreated.set(p.name, created);
      }
    for (const p of plan.services)
      bus.send({ type: 'resource.status', resource: p.name, kind: p.desired.service.kind, state: 'pending' });
    const runNode = async (p: PlannedService): Promise<void> => {
      const g = gates.get(p.name)!;
      try {
        if (roots.includes(p) && chain.get(p.name) !== longest) await leadersStarted;
        await Promise.all(
          Object.entries(p.desired.service.dependsOn).map(([to, c]) => {
            const dep = gates.get(to);
            return dep ? gateFor(dep, c).promise : Promise.resolve();
          }),
        );
        await converge(
          client,
          waits,
          bus,
          project,
          p,
          secrets,
          ctx.workingDir,
          configFile,
          g,
          run.signal,
          precreated.get(p.name),
        );
      } catch (e) {
        const err = e instanceof Error ? e : new Error(String(e));
        g.started.fail(err);
        g.healthy.fail(err);
        g.completed.fail(err);
        if (!run.signal.aborted) run.abort(err);
        throw err;
      }
    };
    const results = await Promise.allSettled(plan.services.map(runNode));
    if (run.signal.aborted) throw run.signal.reason instanceof Error ? run.signal.reason : interrupted(outer);
    const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed) throw failed.reason;
    const durationMs = Date.now() - started;
    bus.send({
      type: 'run.ended',
      ok: true,
      durationMs,
      summary: changed
        ? `ready: ${actions.length} change${actions.length === 1 ? '' : 's'}`
        : 'nothing to change: waited for health',
    });
    return { changed, actions, endpoints: endpointsOf(project), secretsFile: secrets.path, durationMs };
  } catch (e) {
    const err = e instanceof Error ? e : new Error(String(e));
    bus.send({ type: 'run.ended', ok: false, durationMs: Date.now() - started, summary: err.message });
    throw e;
  } finally {
    outer.removeEventListener('abort', onOuterAbort);
    stream?.close();
    lock?.release();
  }
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

async function step<T>(bus: EventBus, id: string, title: string, fn: () => Promise<T>): Promise<T> {
  const t0 = Date.now();
  bus.send({ type: 'step.started', id, title });
  try {
    const r = await fn();
    bus.send({ type: 'step.ended', id, ok: true, durationMs: Date.now() - t0 });
    return r;
  } catch (e) {
    bus.send({
      type: 'step.ended',
      id,
      ok: false,
      durationMs: Date.now() - t0,
      message: e instanceof Error ? e.message : String(e),
    });
    throw e;
  }
}

/** Brings one service to its desired state and opens its gates as it reaches each condition. */
async function converge(
  client: DockerClient,
  waits: ContainerWaits,
  bus: EventBus,
  project: ComposeProject,
  p: PlannedService,
  secrets: ResolvedSecrets,
  workingDir: string,
  configFile: string,
  g: NodeGates,
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
  const id = `${kind}:${s.name}`;
  const t0 = Date.now();
  const title = `${s.name}: ${p.action}${p.reason ? ` (${p.reason})` : ''}`;
  bus.send({ type: 'step.started', id, title, resource: s.name });
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
      containerId = await (precreated ??
        createContainer(client, createBody(project, p, secrets, workingDir, configFile)));
    }
    if (!containerId) throw new OhEnvError('E_INTERNAL', `no container for ${s.name}`);
    if (signal.aborted) throw signal.reason;
    const mustStart = p.action !== 'keep';
    if (kind === 'job') {
      await runJob(client, waits, bus, s, containerId, mustStart, p.existing?.state === 'running', status, signal);
      g.started.open();
      g.healthy.open();
      g.completed.open();
    } else {
      if (mustStart) await startContainer(client, containerId);
      g.started.open();
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
      g.healthy.open();
      g.completed.open();
    }
    bus.send({ type: 'step.ended', id, ok: true, durationMs: Date.now() - t0 });
  } catch (e) {
    const msg = e instanceof Error ? e.message : String(e);
    if (!signal.aborted || !(e === signal.reason)) status('failed', { reason: msg });
    bus.send({ type: 'step.ended', id, ok: false, durationMs: Date.now() - t0, message: msg });
    throw e;
  }
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

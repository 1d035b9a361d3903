// `oh-env up kind`: the environment on a kind cluster. Order, everything that can fail without side effects
// first: the model's secrets (one E_SECRET_MISSING before anything else), the local images' IDs; then the
// cluster (created from the rendered config, or reused), and a survey of what the namespace holds. With the
// applied set unchanged and every workload ready it stops there: nothing applied, in well under 2 s. Otherwise:
// the ingress controller when the cluster has none, the images the node lacks (`kind load`), one server-side
// apply with prune (targets/kube/apply.ts), then the waits along the model's dependency graph (the engine's Dag:
// backends ready, the migrations Job complete, services available; in-cluster, each pod's init containers hold
// it back the same way), then a request through the Ingress on the mapped host port.
import { OhEnvError } from '../../errors.js';
import type { EventBus } from '../../events/types.js';
import type { DockerClient } from '../../drivers/docker/client.js';
import type { KubeDriver, KubeResource } from '../../drivers/kube/index.js';
import { refOf } from '../../drivers/kube/index.js';
import { kindContext, kindNodes, loadKindImages, nodeImageIds } from '../../drivers/kind.js';
import { httpStatus } from '../../drivers/net.js';
import { withRun, type RunScope } from '../../engine/run.js';
import { Dag, type DagNode } from '../../engine/scheduler.js';
import { step } from '../../engine/step.js';
import { until, withDeadline } from '../../engine/waits.js';
import { ClusterView } from '../kube/cluster-view.js';
import { envLabels, type WorkloadKind } from '../kube/objects.js';
import { KubeWaits } from '../kube/waits.js';
import type { ResourceStatus } from '../kube/resource-status.js';
import { ensureSecrets } from '../../engine/secrets/source.js';
import { declaredSecrets } from '../../engine/secrets/resolve.js';
import { kubeSecretObject } from '../../engine/secrets/kube-secret.js';
import { dependencyGraph } from '../../model/graph.js';
import type { Environment } from '../../model/schema.js';
import { kindClusterName } from '../../render/kind/cluster.js';
import { kindObjects } from '../../render/kind/index.js';
import { KIND_PROFILE } from '../../render/kind/profile.js';
import { namespaceOf } from '../../render/kube/meta.js';
import { dnsName } from '../../render/names.js';
import { applySurvey, surveyKube, type ApplyOutcome } from '../kube/apply.js';
import { imagesOf, stampImageIds } from '../kube/images.js';
import { selfSignedPair, tlsSecretObject, wantsSelfSigned } from '../kube/tls.js';
import { workloadOf, workloadState, type WorkloadState } from '../kube/workload-state.js';
import type { Action, Endpoint, TargetContext, UpResult } from '../target.js';
import { ensureKindCluster, type KindCluster } from './cluster.js';
import { ensureIngressController } from './ingress-controller.js';

/** How long the request through the Ingress may take to answer (the controller syncs a new Ingress first). */
const INGRESS_ANSWERS_WITHIN_MS = 60_000;

interface Outcome {
  readonly result: UpResult;
  readonly summary: string;
}

export async function upKind(ctx: TargetContext): Promise<UpResult> {
  const name = ctx.cluster?.name ?? kindClusterName(ctx.env);
  const r = await withRun<Outcome>(
    ctx,
    {
      command: 'up',
      target: 'kind',
      env: ctx.env.metadata.name,
      context: ctx.cluster?.kubeContext ?? kindContext(name),
      procEnv: ctx.procEnv,
      lock: true,
      interruptHint: 'run oh-env up kind again: it continues from what exists',
      summary: (o) => o.summary,
    },
    (run) => converge(ctx, run),
  );
  return r.result;
}

/** The objects of the environment as applied: the render, the Secrets made at apply time, the image IDs. */
async function desiredObjects(
  ctx: TargetContext,
  bus: EventBus,
  rendered: readonly KubeResource[],
  imageIds: ReadonlyMap<string, string>,
) {
  const { env, procEnv } = ctx;
  const secrets = ensureSecrets(declaredSecrets(env), procEnv);
  for (const name of secrets.generated)
    bus.send({
      type: 'step.progressed',
      id: 'secrets',
      message: `generated a value for secret "${name}" in ${secrets.path}`,
    });
  const objects: KubeResource[] = [...rendered];
  if (Object.keys(env.secrets).length > 0) objects.push(kubeSecretObject(env, 'kind', secrets.values));
  if (wantsSelfSigned(env, KIND_PROFILE))
    objects.push(tlsSecretObject(env, 'kind', await selfSignedPair(env, procEnv)));
  return { objects: stampImageIds(objects, imageIds), secretsFile: secrets.path };
}

/** The IDs of the images the engine has; images it lacks are left for the node to pull (and said so). */
async function localImageIds(
  docker: () => Promise<DockerClient>,
  images: readonly string[],
  bus: EventBus,
): Promise<Map<string, string>> {
  const { imageId } = await import('../../drivers/docker/images.js');
  const client = await docker();
  const ids = new Map<string, string>();
  await Promise.all(
    images.map(async (i) => {
      const id = await imageId(client, i);
      if (id) ids.set(i, id);
      else
        bus.send({
          type: 'warning',
          message: `image ${i} is not on this Docker engine: the kind node will try to pull it`,
        });
    }),
  );
  return ids;
}

async function converge(ctx: TargetContext, run: RunScope): Promise<Outcome> {
  const { env, procEnv } = ctx;
  const { bus } = run;
  let client: Promise<DockerClient> | undefined;
  const docker = (): Promise<DockerClient> =>
    (client ??= import('../../drivers/docker/client.js').then((m) => m.connectDocker(procEnv)));

  const rendered = kindObjects({ env, sources: [] }).objects;
  const imageIds = await step(bus, { id: 'images:local', title: 'local images' }, () =>
    localImageIds(docker, imagesOf(rendered), bus),
  );
  const { objects, secretsFile } = await step(bus, { id: 'secrets', title: 'secrets' }, () =>
    desiredObjects(ctx, bus, rendered, imageIds),
  );
  const cluster = await step(
    bus,
    { id: 'cluster', title: `kind cluster ${ctx.cluster?.name ?? kindClusterName(env)}` },
    () =>
      ensureKindCluster(ctx, docker, () =>
        bus.send({ type: 'step.progressed', id: 'cluster', message: 'creating the cluster (kind create cluster)' }),
      ),
  );
  const { driver } = cluster;
  const namespace = namespaceOf(env, 'kind');
  const labels = envLabels(env);
  const s = await step(bus, { id: 'survey', title: `namespace ${namespace}` }, () =>
    surveyKube(driver, namespace, labels, objects),
  );
  const workloads = workloadsOf(env, s.desired);
  const notes = notesOf(cluster, secretsFile);
  const endpoints = endpointsOf(env);

  if (s.hash === s.appliedHash) {
    const states = await Promise.all(
      workloads.map(async (w) => workloadState(await driver.get(w.object, w.object.metadata.name, namespace))),
    );
    if (states.every((st) => st.done)) {
      workloads.forEach((w, i) => emitStatus(bus, w, states[i]!, 'up to date'));
      return {
        result: { changed: false, actions: [], endpoints, durationMs: run.elapsed(), notes },
        summary: `nothing to do: ${s.desired.length} objects as applied, ${workloads.length} workloads ready`,
      };
    }
  }

  if (env.ingress) {
    const controller = await step(bus, { id: 'ingress-controller', title: 'ingress controller' }, () =>
      ensureIngressController(driver, procEnv),
    );
    if (controller.length > 0)
      await step(bus, { id: 'ingress-controller:ready', title: 'ingress controller ready' }, () =>
        awaitController(driver, controller, run.signal),
      );
  }
  if (cluster.name)
    await step(bus, { id: 'images', title: 'images on the node' }, () =>
      deliverImages(cluster.name!, imageIds, ctx, bus),
    );
  for (const w of workloads) bus.send({ type: 'resource.status', resource: w.name, kind: w.kind, state: 'pending' });
  // The watches open before the apply, so no change the apply causes is missed.
  const view = await ClusterView.open(driver, namespace, labels, (e) =>
    bus.send({ type: 'warning', message: e.message }),
  );
  const changes = await (async (): Promise<Action[]> => {
    try {
      const applied = await step(bus, { id: 'apply', title: `apply ${s.desired.length} objects` }, () =>
        applySurvey(driver, s, labels),
      );
      await waitAlongGraph(new KubeWaits(view), bus, run, workloads, applied);
      return applied.actions.filter((a) => a.action !== 'keep');
    } finally {
      view.close();
    }
  })();
  const url = await step(bus, { id: 'ingress', title: 'the app answers through the ingress' }, () =>
    checkIngress(env, run.signal),
  );
  return {
    result: { changed: changes.length > 0, actions: changes, endpoints, durationMs: run.elapsed(), notes },
    summary: `ready: ${changes.length} change${changes.length === 1 ? '' : 's'}${url ? `, ${url} answers` : ''}`,
  };
}

function notesOf(cluster: KindCluster, secretsFile: string): Record<string, string> {
  return {
    cluster: cluster.name ? `${cluster.name}${cluster.created ? ' (created)' : ''}` : cluster.context,
    kubeconfig: cluster.kubeconfig ? `export KUBECONFIG=${cluster.kubeconfig}` : '(default)',
    'kube context': cluster.context,
    'secrets file': secretsFile,
  };
}

/** Images whose local ID no node has are loaded, in one `kind load`; the rest are there already. */
async function deliverImages(
  name: string,
  imageIds: ReadonlyMap<string, string>,
  ctx: TargetContext,
  bus: EventBus,
): Promise<void> {
  const o = { env: ctx.procEnv, ...(ctx.signal ? { signal: ctx.signal } : {}) };
  const nodes = await kindNodes(name, o);
  const onNodes = await Promise.all(nodes.map((n) => nodeImageIds(n, o)));
  const missing = [...imageIds].filter(([, id]) => onNodes.some((have) => !have.has(id))).map(([i]) => i);
  bus.send({
    type: 'step.progressed',
    id: 'images',
    message:
      missing.length === 0
        ? `all ${imageIds.size} images already on the node`
        : `kind load docker-image ${missing.join(' ')} (${imageIds.size - missing.length} already there)`,
  });
  await loadKindImages(name, missing, o);
}

interface Workload {
  /** The model's name (service, job, backend). */
  readonly name: string;
  readonly kind: 'service' | 'job' | 'backend';
  readonly object: KubeResource;
  readonly needs: Readonly<Record<string, 'started' | 'healthy' | 'completed'>>;
}

/** One workload object per model service, job and backend, with the model's dependencies. */
function workloadsOf(env: Environment, objects: readonly KubeResource[]): Workload[] {
  const out: Workload[] = [];
  for (const n of dependencyGraph(env)) {
    const object = workloadOf(objects, dnsName(n.name));
    if (!object) continue;
    out.push({ name: n.name, kind: n.kind, object, needs: Object.fromEntries(n.deps.map((d) => [d.to, d.condition])) });
  }
  return out;
}

function emitStatus(bus: EventBus, w: Workload, st: WorkloadState, reason?: string): void {
  bus.send({
    type: 'resource.status',
    resource: w.name,
    kind: w.kind,
    state: st.failed ? 'failed' : st.done ? (w.kind === 'job' ? 'exited' : 'healthy') : 'starting',
    ...(w.kind === 'job' && st.done ? { exitCode: 0 } : {}),
    ...((reason ?? st.reason) ? { reason: reason ?? st.reason } : {}),
  });
}

/** How long one workload may take to become ready (a Job: its own timeout, when the model gives one). */
const READY_WITHIN_MS = 600_000;

/** Every workload waited on along the dependency graph, through the watches; the first failure ends the run. */
async function waitAlongGraph(
  waits: KubeWaits,
  bus: EventBus,
  run: RunScope,
  workloads: readonly Workload[],
  applied: ApplyOutcome,
): Promise<void> {
  const known = new Set(workloads.map((w) => w.name));
  const nodes: DagNode[] = workloads.map((w) => ({
    id: w.name,
    needs: Object.fromEntries(Object.entries(w.needs).filter(([to]) => known.has(to))),
    run: async (reached, signal) => {
      const ref = refOf(w.object);
      const action = applied.actions.find((a) => a.resource === ref)?.action ?? 'keep';
      const now = applied.applied.get(ref);
      const o = {
        timeoutMs: READY_WITHIN_MS,
        signal,
        onStatus: (st: ResourceStatus) => bus.send(st),
        ...(now ? { applied: { ...(now.metadata.uid ? { uid: now.metadata.uid } : {}), ...generationOf(now) } } : {}),
      };
      await step(bus, { id: `${w.kind}:${w.name}`, title: `${w.name}: ${action}`, resource: w.name }, async () => {
        try {
          if (w.object.kind === 'Job') await waits.complete(w.object.metadata.name, o);
          else await waits.ready(w.object.kind as Exclude<WorkloadKind, 'Job'>, w.object.metadata.name, o);
        } catch (e) {
          if (!signal.aborted || e !== signal.reason)
            emitStatus(bus, w, { done: false, failed: true, reason: e instanceof Error ? e.message : String(e) });
          throw e;
        }
      });
      reached('completed');
    },
  }));
  await new Dag(nodes, { signal: run.signal, fail: run.fail }).run();
}

const generationOf = (o: KubeResource): { generation?: number } => {
  const g = (o.metadata as { generation?: number }).generation;
  return g === undefined ? {} : { generation: g };
};

/** The ingress controller's Deployments ready (its own namespace, its own labels). */
async function awaitController(driver: KubeDriver, deployments: readonly KubeResource[], signal: AbortSignal) {
  const byNamespace = new Map<string, KubeResource[]>();
  for (const d of deployments) {
    const ns = d.metadata.namespace ?? 'default';
    byNamespace.set(ns, [...(byNamespace.get(ns) ?? []), d]);
  }
  for (const [ns, ds] of byNamespace) {
    const view = await ClusterView.open(driver, ns, {});
    try {
      await Promise.all(
        ds.map((d) =>
          new KubeWaits(view).ready(d.kind as Exclude<WorkloadKind, 'Job'>, d.metadata.name, {
            timeoutMs: 300_000,
            signal,
          }),
        ),
      );
    } finally {
      view.close();
    }
  }
}

/** Where the app answers: the ingress host on the mapped port, https when the ingress serves TLS. */
export function endpointsOf(env: Environment): Endpoint[] {
  const ing = env.ingress;
  if (!ing) return [];
  const tls = ing.tls.mode !== 'none';
  const port = tls ? env.targets.kind.httpsPort : env.targets.kind.httpPort;
  const service = ing.routes[0]?.service ?? env.metadata.name;
  const shown = port === (tls ? 443 : 80) ? '' : `:${port}`;
  return [{ service, url: `${tls ? 'https' : 'http'}://${ing.host}${shown}/` }];
}

/** A GET through the ingress on the mapped port, with the ingress host: the URL printed works. */
async function checkIngress(env: Environment, signal: AbortSignal): Promise<string | undefined> {
  const ing = env.ingress;
  if (!ing || ing.routes.length === 0) return undefined;
  const route = ing.routes[0]!;
  const health = env.services[route.service]?.health;
  const probe = health?.readiness ?? health?.liveness;
  const path = probe && 'http' in probe && probe.http ? probe.http.path : route.path;
  const tls = ing.tls.mode !== 'none';
  const url = `${tls ? 'https' : 'http'}://127.0.0.1:${tls ? env.targets.kind.httpsPort : env.targets.kind.httpPort}${path}`;
  let status: number | undefined;
  const r = await withDeadline(
    until(
      async () => {
        status = await httpStatus(url, { host: ing.host, timeoutMs: 3000 });
        return status !== undefined && status < 300;
      },
      () => 500,
      signal,
    ),
    INGRESS_ANSWERS_WITHIN_MS,
    signal,
  );
  if (r.kind === 'timeout')
    throw new OhEnvError(
      'E_UNHEALTHY',
      `${ing.host}${path} does not answer through the ingress (GET ${url} with Host ${ing.host}: ${status ?? 'no answer'})`,
      {
        hint: 'the workloads are ready; check the ingress controller: kubectl get pods -A -l app.kubernetes.io/component=controller',
      },
    );
  return `${tls ? 'https' : 'http'}://${ing.host}${path}`;
}

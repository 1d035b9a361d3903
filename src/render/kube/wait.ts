// Dependency order on Kubernetes: one init container per dependency (`uses` waits for healthy, `dependsOn`
// for its condition), in the same order local starts them, so a pod's main container starts only when
// everything it waits for on local is there.
//
// How each condition is observed from inside the cluster:
// - a backend, or a service waited on as "started": TCP connect to its Service. A ClusterIP Service only
//   forwards to Ready pods, so this also waits for the target's readiness probe (never weaker than local).
// - a service waited on as "healthy": its readiness (else liveness) check run from outside: HTTP GET of the
//   probe path (wget), or a TCP connect (which, through the Service, again means Ready).
// - a service without ports, and a job waited on as "completed": these cannot be seen over the network, so the
//   init container asks the API server. The pod gets a short-lived ServiceAccount token through a projected
//   volume mounted ONLY into those init containers (the main container keeps automount off), and the
//   workload's ServiceAccount is granted `get` on exactly those Jobs/Deployments (resourceNames). The script
//   polls with wget and the token until the Job has the Complete condition (a Failed condition makes the init
//   container fail, so `up` reports the failed job instead of waiting forever) or the Deployment has a ready
//   replica.
// The scripts need only sh, timeout, wget (--header, --no-check-certificate) and either `nc -z` or bash's
// /dev/tcp: the official busybox image (the default waitImage) has the first set, a Debian-based image the
// second. (Debian's own busybox build lacks `wget -T`, hence `timeout` around wget.)
// kubelet expands $(VAR) in commands only for declared env vars, so the shell's $(...) reaches the shell.
import type { Condition, Environment, Probe } from '../../model/schema.js';
import { dependencyGraph, startOrder, type Edge, type GraphNode } from '../../model/graph.js';
import { POSTGRES_PORT, REDIS_PORT, GCS_EMULATOR_PORT } from '../../model/contract.js';
import { dnsName } from '../names.js';
import { portNumber } from './probes.js';
import type { KubeContext } from './meta.js';
import type { PolicyRule } from './rbac.js';

export const API_TOKEN_VOLUME = 'oh-env-api-token';
const API_TOKEN_DIR = '/var/run/secrets/oh-env';

export interface DependencyWait {
  readonly initContainers: readonly Record<string, unknown>[];
  /** Pod volumes the init containers need (the projected API token when any waits on the API). */
  readonly volumes: readonly Record<string, unknown>[];
  /** What the workload's ServiceAccount needs for the API waits (empty when none). */
  readonly rules: readonly PolicyRule[];
}

/** How one dependency is waited on; exported for tests and for the NetworkPolicy allows (GKE). */
export type WaitCheck =
  | { readonly kind: 'tcp'; readonly host: string; readonly port: number }
  | { readonly kind: 'http'; readonly host: string; readonly port: number; readonly path: string }
  | { readonly kind: 'job'; readonly name: string }
  | { readonly kind: 'deployment'; readonly name: string };

export interface PlannedWait {
  readonly dependency: string;
  readonly condition: Condition;
  readonly check: WaitCheck;
}

interface GraphIndex {
  readonly nodes: ReadonlyMap<string, GraphNode>;
  /** Position of every node in the start order, so waits follow the order local starts things in. */
  readonly rank: ReadonlyMap<string, number>;
}

// The graph and start order are computed once per model, not once per workload (models can be large).
const graphIndex = new WeakMap<Environment, GraphIndex>();

function indexOf(env: Environment): GraphIndex {
  let index = graphIndex.get(env);
  if (!index) {
    const graph = dependencyGraph(env);
    const rank = new Map<string, number>();
    startOrder(graph).forEach((layer, i) => layer.forEach((n) => rank.set(n, i)));
    index = { nodes: new Map(graph.map((n) => [n.name, n])), rank };
    graphIndex.set(env, index);
  }
  return index;
}

const backendPort = (type: 'postgres' | 'redis' | 'bucket'): number =>
  type === 'postgres' ? POSTGRES_PORT : type === 'redis' ? REDIS_PORT : GCS_EMULATOR_PORT;

function checkFor(ctx: KubeContext, edge: Edge): WaitCheck | undefined {
  const { env } = ctx;
  const backend = env.backends[edge.to];
  if (backend) {
    // Managed backends (GKE) are provisioned, and ready, before anything is applied.
    if (ctx.profile.backendsReadyBeforeApply) return undefined;
    return { kind: 'tcp', host: dnsName(edge.to), port: backendPort(backend.type) };
  }
  if (env.jobs[edge.to]) return { kind: 'job', name: dnsName(edge.to) };
  const svc = env.services[edge.to];
  if (!svc) return undefined;
  const host = dnsName(edge.to);
  const first = svc.ports[0];
  if (edge.condition === 'healthy') {
    const probe: Probe | undefined = svc.health.readiness ?? svc.health.liveness;
    if (probe?.http) return { kind: 'http', host, port: portNumber(svc.ports, probe.http.port), path: probe.http.path };
    if (probe?.tcp !== undefined) return { kind: 'tcp', host, port: portNumber(svc.ports, probe.tcp) };
  }
  if (first) return { kind: 'tcp', host, port: first.port };
  return { kind: 'deployment', name: host };
}

/** The waits of a workload, in start order (then by name). */
export function plannedWaits(ctx: KubeContext, workload: string): PlannedWait[] {
  const { nodes, rank } = indexOf(ctx.env);
  const node = nodes.get(workload);
  if (!node) return [];
  const edges = [...node.deps].sort(
    (a, b) => (rank.get(a.to) ?? 0) - (rank.get(b.to) ?? 0) || (a.to < b.to ? -1 : a.to > b.to ? 1 : 0),
  );
  const out: PlannedWait[] = [];
  for (const edge of edges) {
    const check = checkFor(ctx, edge);
    if (check) out.push({ dependency: edge.to, condition: edge.condition, check });
  }
  return out;
}

const loop = (test: string, what: string): string =>
  `until ${test}; do echo "waiting for ${what}"; sleep 2; done; echo "${what}: ok"`;

/** Polls one API object with the projected token; exits 0 when `ok` matches, 1 when `fail` matches. */
function apiPoll(path: string, what: string, ok: string, fail?: string): string {
  const url = `https://$KUBERNETES_SERVICE_HOST:$KUBERNETES_SERVICE_PORT${path}`;
  return [
    'while :; do',
    `  t=$(cat ${API_TOKEN_DIR}/token)`,
    `  s=$(timeout 10 wget -q -O- --no-check-certificate --header "Authorization: Bearer $t" "${url}" 2>/dev/null | tr -d ' \\n')`,
    '  case "$s" in',
    `    *'${ok}'*) echo "${what}: ok"; exit 0 ;;`,
    ...(fail ? [`    *'${fail}'*) echo "${what}: failed"; exit 1 ;;`] : []),
    '  esac',
    `  echo "waiting for ${what}"; sleep 2`,
    'done',
  ].join('\n');
}

export function waitScript(ctx: KubeContext, check: WaitCheck): string {
  switch (check.kind) {
    case 'tcp':
      return loop(
        `{ nc -z -w 2 ${check.host} ${check.port} || timeout 3 bash -c '</dev/tcp/${check.host}/${check.port}'; } 2>/dev/null`,
        `${check.host}:${check.port}`,
      );
    case 'http':
      return loop(
        `timeout 5 wget -q -O /dev/null http://${check.host}:${check.port}${check.path}`,
        `http://${check.host}:${check.port}${check.path}`,
      );
    case 'job':
      return apiPoll(
        `/apis/batch/v1/namespaces/${ctx.namespace}/jobs/${check.name}`,
        `job ${check.name} to complete`,
        '"type":"Complete","status":"True"',
        '"type":"Failed","status":"True"',
      );
    case 'deployment':
      return apiPoll(
        `/apis/apps/v1/namespaces/${ctx.namespace}/deployments/${check.name}`,
        `deployment ${check.name} to have a ready replica`,
        '"readyReplicas":',
      );
  }
}

const needsApi = (c: WaitCheck): boolean => c.kind === 'job' || c.kind === 'deployment';

export function dependencyWait(ctx: KubeContext, workload: string): DependencyWait {
  const waits = plannedWaits(ctx, workload);
  const image = ctx.env.targets.kind.waitImage;
  const initContainers = waits.map((w) => ({
    name: dnsName('wait', w.dependency),
    image,
    command: ['sh', '-c', waitScript(ctx, w.check)],
    resources: { requests: { cpu: '10m', memory: '16Mi' }, limits: { memory: '32Mi' } },
    // No runAsUser of its own: the pod's user reads the projected token (kubelet makes it 0600 for that user).
    securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } },
    ...(needsApi(w.check)
      ? { volumeMounts: [{ name: API_TOKEN_VOLUME, mountPath: API_TOKEN_DIR, readOnly: true }] }
      : {}),
  }));
  const jobs = waits.flatMap((w) => (w.check.kind === 'job' ? [w.check.name] : [])).sort();
  const deployments = waits.flatMap((w) => (w.check.kind === 'deployment' ? [w.check.name] : [])).sort();
  const rules: PolicyRule[] = [];
  if (jobs.length > 0) rules.push({ apiGroups: ['batch'], resources: ['jobs'], verbs: ['get'], resourceNames: jobs });
  if (deployments.length > 0)
    rules.push({ apiGroups: ['apps'], resources: ['deployments'], verbs: ['get'], resourceNames: deployments });
  const volumes =
    rules.length > 0
      ? [
          {
            name: API_TOKEN_VOLUME,
            projected: { sources: [{ serviceAccountToken: { path: 'token', expirationSeconds: 600 } }] },
          },
        ]
      : [];
  return { initContainers, volumes, rules };
}

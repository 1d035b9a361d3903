// The local target as one typed object: the Compose project that `render local` serialises and `up local`
// creates through the Docker API. Both read this object, so the file and what oh-env starts cannot drift.
// Pure: secret values are references here; they are resolved only when containers are created.
import type { Issue } from '../../errors.js';
import { workloadDeps } from '../../model/graph.js';
import { workloadEnv } from '../../model/contract.js';
import type { Environment, Job, Service, Condition } from '../../model/schema.js';
import { toMs } from '../duration.js';
import { imageRef } from '../images.js';
import { backendServices } from './backends.js';
import { healthcheckOf, hostCheckOf } from './health.js';
import type {
  ComposeProject,
  ComposeService,
  EnvEntry,
  Limits,
  DependsCondition,
  ServiceKind,
  Mount,
  SecretRef,
} from './compose-types.js';
import { bytes, cpus } from './resources.js';
import { LABEL_DOCKER_SOCKET, LABEL_ENV, LABEL_KIND, volumeKey } from './labels.js';
import { secretVar } from '../secret-names.js';

// The shapes live in compose-types.ts (shared with backends and health); importers keep this one module.
export type {
  ServiceKind,
  DependsCondition,
  EnvEntry,
  PublishedPort,
  Mount,
  Limits,
  HostCheck,
  ComposeService,
  SecretRef,
  ComposeProject,
  ComposeHealthcheck,
} from './compose-types.js';

export const DOCKER_SOCKET = '/var/run/docker.sock';
export const HOST_GATEWAY = 'host.docker.internal:host-gateway';

const CONDITION: Readonly<Record<Condition, DependsCondition>> = {
  started: 'service_started',
  healthy: 'service_healthy',
  completed: 'service_completed_successfully',
};

export const projectName = (env: Environment): string => env.targets.local.project ?? env.metadata.name;

export function envEntries(env: Environment, w: Service | Job): Record<string, EnvEntry> {
  const out: Record<string, EnvEntry> = {};
  for (const [k, v] of Object.entries(workloadEnv(env, w, 'local'))) {
    if (v.kind === 'value') out[k] = { kind: 'value', value: v.value };
    else if (v.kind === 'secret')
      out[k] = {
        kind: 'secret',
        secret: v.secret,
        variable: secretVar(v.secret),
        required: env.secrets[v.secret]?.required ?? true,
      };
    // 'output' values exist only on GKE (provisioned addresses); local never produces them.
  }
  return out;
}

export function limitsOf(r: Service['resources']): { limits: Limits; reservations: Limits } {
  const limitCpu = r.cpuLimit ?? r.cpu;
  const limitMem = r.memoryLimit ?? r.memory;
  return {
    limits: {
      ...(limitCpu ? { cpus: cpus(limitCpu) } : {}),
      ...(limitMem ? { memoryBytes: bytes(limitMem) } : {}),
    },
    reservations: {
      ...(r.cpu ? { cpus: cpus(r.cpu) } : {}),
      ...(r.memory ? { memoryBytes: bytes(r.memory) } : {}),
    },
  };
}

function commonLabels(env: Environment, kind: ServiceKind, own: Readonly<Record<string, string>>) {
  return { ...env.metadata.labels, ...own, [LABEL_ENV]: env.metadata.name, [LABEL_KIND]: kind };
}

function workloadMounts(name: string, w: Service | Job): Mount[] {
  const mounts: Mount[] = [];
  if ('volumes' in w)
    for (const v of w.volumes)
      mounts.push({ type: 'volume', source: volumeKey(name, v.name), target: v.path, readOnly: v.readOnly });
  for (const b of w.local.binds) mounts.push({ type: 'bind', source: b.host, target: b.path, readOnly: b.readOnly });
  if (w.local.dockerSocket)
    mounts.push({ type: 'bind', source: DOCKER_SOCKET, target: DOCKER_SOCKET, readOnly: false });
  return mounts;
}

function workload(env: Environment, name: string, w: Service | Job, kind: 'service' | 'job'): ComposeService {
  const labels: Record<string, string> = commonLabels(env, kind, w.labels);
  if (w.local.dockerSocket)
    labels[LABEL_DOCKER_SOCKET] = 'mounted: the app starts sandbox containers on this Docker engine';
  const service = kind === 'service' ? (w as Service) : undefined;
  return {
    name,
    kind,
    image: imageRef(env, w.image),
    ...(w.command ? { entrypoint: [...w.command] } : {}),
    ...(w.args ? { command: [...w.args] } : {}),
    environment: envEntries(env, w),
    dependsOn: {},
    ports: (service?.ports ?? [])
      .filter((p) => p.publish !== undefined)
      .map((p) => ({
        hostIp: env.targets.local.bindAddress,
        published: p.publish as number,
        target: p.port,
        protocol: p.protocol,
      })),
    labels,
    ...limitsOf(w.resources),
    restart: service ? service.restart : 'no',
    mounts: workloadMounts(name, w),
    extraHosts: w.local.hostGateway ? [HOST_GATEWAY] : [],
    ...(kind === 'job' ? { job: { timeoutMs: toMs((w as Job).timeout), backoffLimit: (w as Job).backoffLimit } } : {}),
  };
}

function parityWarnings(env: Environment, warnings: Issue[]): void {
  for (const [name, s] of Object.entries(env.services)) {
    const wanted = Math.max(s.replicas, s.autoscaling?.min ?? 1);
    if (wanted > 1)
      warnings.push({
        path: `services.${name}.${s.autoscaling ? 'autoscaling' : 'replicas'}`,
        message: `local runs one container of "${name}" (the model asks for ${wanted})`,
        hint: 'expected on local: published ports bind once; kind and GKE run the replicas',
      });
    for (const p of s.ports)
      if (
        p.publish === undefined &&
        env.ingress?.routes.some((r) => r.service === name && (r.port === p.name || r.port === p.port))
      )
        warnings.push({
          path: `services.${name}.ports`,
          message: `ingress routes to "${name}" port ${p.port}, which local does not publish (local has no ingress)`,
          hint: `set services.${name}.ports[].publish to reach it from the host`,
        });
  }
  for (const [name, j] of Object.entries(env.jobs))
    if (j.backoffLimit > 0)
      warnings.push({
        path: `jobs.${name}.backoffLimit`,
        message: `docker compose runs "${name}" once; oh-env up local retries it ${j.backoffLimit} time(s) as Kubernetes does`,
        hint: 'expected on local',
      });
}

export function composeProject(env: Environment): ComposeProject {
  const warnings: Issue[] = [];
  const byName = new Map<string, ComposeService>();
  for (const [name, s] of Object.entries(env.services)) {
    const base = workload(env, name, s, 'service');
    const healthcheck = healthcheckOf(name, s, warnings);
    const hostCheck = healthcheck ? hostCheckOf(s) : undefined;
    byName.set(name, healthcheck ? { ...base, healthcheck, ...(hostCheck ? { hostCheck } : {}) } : base);
  }
  for (const [name, j] of Object.entries(env.jobs)) byName.set(name, workload(env, name, j, 'job'));
  for (const b of backendServices(env)) byName.set(b.name, b);

  // depends_on, after every service exists: waiting for "healthy" on something with no health check would
  // never end in Compose, so it becomes "started" with a warning (the probeTool "none" gap).
  const withDeps = [...byName.values()].map((svc) => {
    const w = env.services[svc.name] ?? env.jobs[svc.name];
    if (!w) return svc;
    const deps: Record<string, DependsCondition> = {};
    for (const { to, condition: c } of workloadDeps(w)) {
      const target = byName.get(to);
      if (!target) continue; // validation reports undeclared references
      if (c === 'healthy' && !target.healthcheck) {
        warnings.push({
          path: `${svc.kind}s.${svc.name}.dependsOn.${to}`,
          message: `"${svc.name}" waits for "${to}" to be healthy, but "${to}" has no health check on local: it waits for "started" instead`,
          hint: `give services.${to}.health a readiness probe that runs in its image`,
        });
        deps[to] = 'service_started';
      } else deps[to] = CONDITION[c];
    }
    return { ...svc, dependsOn: deps };
  });
  parityWarnings(env, warnings);

  const services = withDeps.sort((a, b) => (a.name < b.name ? -1 : 1));
  const volumes = [
    ...new Set(services.flatMap((s) => s.mounts.filter((m) => m.type === 'volume').map((m) => m.source))),
  ].sort();
  const secrets: Record<string, SecretRef> = {};
  for (const [name, s] of Object.entries(env.secrets))
    secrets[name] = {
      variable: secretVar(name),
      required: s.required,
      ...(s.generate ? { generateLength: s.generate.length } : {}),
    };
  return { name: projectName(env), envName: env.metadata.name, services, volumes, secrets, warnings };
}

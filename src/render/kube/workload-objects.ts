// Everything a model service or job becomes on Kubernetes: its ServiceAccount (and Roles), env ConfigMap,
// claims, the Deployment or Job with wait-for-dependency init containers, and the Service in front of it.
import type { Job, Service } from '../../model/schema.js';
import { toSeconds } from '../duration.js';
import { imageRef } from '../images.js';
import { dnsName } from '../names.js';
import { workloadEnvironment } from './config.js';
import type { KubeContext, KubeObject } from './meta.js';
import { probesOf } from './probes.js';
import { KUBERNETES_RUNTIME_RULES, roleFor, serviceAccount } from './rbac.js';
import { containerSecurityContext, podSecurityContext } from './security.js';
import { clusterService, containerPorts } from './services.js';
import { persistentVolumeClaim, pvcName } from './storage.js';
import { dependencyWait } from './wait.js';
import { deployment, job, podTemplate, type Owner } from './workloads.js';

type Resources = Service['resources'];

export const CONFIG_HASH_ANNOTATION = 'oh-env.dev/config-hash';

export function resourcesOf(r: Resources): Record<string, unknown> | undefined {
  const requests = { ...(r.cpu ? { cpu: r.cpu } : {}), ...(r.memory ? { memory: r.memory } : {}) };
  const memoryLimit = r.memoryLimit ?? r.memory;
  const limits = { ...(r.cpuLimit ? { cpu: r.cpuLimit } : {}), ...(memoryLimit ? { memory: memoryLimit } : {}) };
  const out = {
    ...(Object.keys(requests).length > 0 ? { requests } : {}),
    ...(Object.keys(limits).length > 0 ? { limits } : {}),
  };
  return Object.keys(out).length > 0 ? out : undefined;
}

/** The parts shared by a service's and a job's pod: SA, Roles, env, init containers, main container base. */
function workloadParts(ctx: KubeContext, owner: Owner, w: Service | Job, automount: boolean) {
  const objects: KubeObject[] = [serviceAccount(ctx, owner, { automount })];
  const environment = workloadEnvironment(ctx, owner.name, w, owner.kind);
  if (environment.configMap) objects.push(environment.configMap);
  const wait = dependencyWait(ctx, owner.name);
  if (wait.rules.length > 0) objects.push(...roleFor(ctx, owner, 'wait', wait.rules));
  const resources = resourcesOf(w.resources);
  const container: Record<string, unknown> = {
    name: dnsName(owner.name),
    image: imageRef(ctx.env, w.image),
    ...(w.command ? { command: [...w.command] } : {}),
    ...(w.args ? { args: [...w.args] } : {}),
    ...(environment.env.length > 0 ? { env: environment.env } : {}),
    ...(environment.envFrom.length > 0 ? { envFrom: environment.envFrom } : {}),
    ...(resources ? { resources } : {}),
    securityContext: containerSecurityContext(w),
  };
  return { objects, container, wait, annotations: { [CONFIG_HASH_ANNOTATION]: environment.hash } };
}

function checkRuntimeNamespace(ctx: KubeContext, name: string, s: Service): void {
  const ns = s.env.KUBERNETES_NAMESPACE;
  if (ns === ctx.namespace) return;
  ctx.warnings.push({
    path: `services.${name}.env.KUBERNETES_NAMESPACE`,
    message:
      ns === undefined
        ? `not set: OpenHands then creates sandboxes in "default", but its Role is only in "${ctx.namespace}"`
        : `is "${ns}", but the Role that lets it create sandboxes is in "${ctx.namespace}"`,
    expected: ctx.namespace,
    hint: `set KUBERNETES_NAMESPACE: ${ctx.namespace} in the ${ctx.target} overlay`,
  });
}

export function serviceObjects(
  ctx: KubeContext,
  name: string,
  s: Service,
  opts: { readonly hpa: boolean; readonly serviceAnnotations?: Readonly<Record<string, string>> },
): KubeObject[] {
  const owner: Owner = { name, kind: 'service', labels: s.labels };
  // Only a service that starts sandboxes through the Kubernetes API gets the token in its containers.
  const parts = workloadParts(ctx, owner, s, s.kubernetesRuntime);
  const objects = [...parts.objects];
  if (s.kubernetesRuntime) {
    objects.push(...roleFor(ctx, owner, 'sandboxes', KUBERNETES_RUNTIME_RULES));
    checkRuntimeNamespace(ctx, name, s);
  }
  for (const v of s.volumes) objects.push(persistentVolumeClaim(ctx, owner, v));
  if (s.restart === 'on-failure')
    ctx.warnings.push({
      path: `services.${name}.restart`,
      message: 'a Deployment always restarts its containers; "on-failure" becomes "always" on Kubernetes',
      hint: 'use restart: always (or unless-stopped) for the same behaviour everywhere',
    });
  const container = {
    ...parts.container,
    ...(s.ports.length > 0 ? { ports: containerPorts(s.ports) } : {}),
    ...probesOf(s),
    ...(s.volumes.length > 0
      ? { volumeMounts: s.volumes.map((v) => ({ name: v.name, mountPath: v.path, readOnly: v.readOnly })) }
      : {}),
  };
  const volumes = [
    ...s.volumes.map((v) => ({ name: v.name, persistentVolumeClaim: { claimName: pvcName(name, v.name) } })),
    ...parts.wait.volumes,
  ];
  const template = podTemplate(ctx, owner, {
    containers: [container],
    initContainers: parts.wait.initContainers,
    volumes,
    serviceAccountName: dnsName(name),
    automountToken: s.kubernetesRuntime,
    securityContext: podSecurityContext(s),
    annotations: parts.annotations,
  });
  const replicas = opts.hpa ? undefined : (s.autoscaling?.min ?? s.replicas);
  objects.push(deployment(ctx, owner, { replicas, recreate: s.volumes.length > 0, template }));
  if (s.ports.length > 0) objects.push(clusterService(ctx, owner, s.ports, opts.serviceAnnotations));
  return objects;
}

export function jobObjects(ctx: KubeContext, name: string, j: Job): KubeObject[] {
  const owner: Owner = { name, kind: 'job', labels: j.labels };
  const parts = workloadParts(ctx, owner, j, false);
  const template = podTemplate(ctx, owner, {
    containers: [parts.container],
    initContainers: parts.wait.initContainers,
    volumes: parts.wait.volumes,
    serviceAccountName: dnsName(name),
    automountToken: false,
    securityContext: podSecurityContext(j),
    restartPolicy: 'Never',
    annotations: parts.annotations,
  });
  return [
    ...parts.objects,
    job(ctx, owner, { backoffLimit: j.backoffLimit, activeDeadlineSeconds: toSeconds(j.timeout), template }),
  ];
}

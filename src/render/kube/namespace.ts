// The environment's namespace. Pod Security admission enforces "baseline" (what the OpenHands app and its
// sandbox pods need: they run as root without privileges) and warns about anything below "restricted".
// Sandboxes started with KUBERNETES_PRIVILEGED=true need a privileged namespace, so that is what they get.
import { labels, type KubeContext, type KubeObject } from './meta.js';
import { serviceAccount } from './rbac.js';

const privilegedSandboxes = (ctx: KubeContext): boolean =>
  Object.values(ctx.env.services).some(
    (s) => s.kubernetesRuntime && s.env.KUBERNETES_PRIVILEGED?.toLowerCase() === 'true',
  );

export function namespaceObject(ctx: KubeContext): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: {
      name: ctx.namespace,
      labels: {
        ...labels(ctx, ctx.env.metadata.name, 'environment'),
        'pod-security.kubernetes.io/enforce': privilegedSandboxes(ctx) ? 'privileged' : 'baseline',
        'pod-security.kubernetes.io/warn': 'restricted',
      },
    },
  };
}

/**
 * Sandbox pods that KubernetesRuntime creates name no ServiceAccount, so they run as the namespace's
 * `default` one: it mounts no token, so code an agent runs in a sandbox gets no Kubernetes credentials.
 * Rendered only when a service starts sandboxes (oh-env's own pods each have their own account).
 */
export function defaultServiceAccount(ctx: KubeContext): KubeObject[] {
  if (!Object.values(ctx.env.services).some((s) => s.kubernetesRuntime)) return [];
  return [serviceAccount(ctx, { name: 'default', kind: 'sandbox' }, { automount: false })];
}

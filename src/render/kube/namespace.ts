// The environment's namespace. Pod Security admission enforces "baseline" (what the OpenHands app and its
// sandbox pods need: they run as root without privileges) and warns about anything below "restricted".
import { labels, type KubeContext, type KubeObject } from './meta.js';

export function namespaceObject(ctx: KubeContext): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: {
      name: ctx.namespace,
      labels: {
        ...labels(ctx, ctx.env.metadata.name, 'environment'),
        'pod-security.kubernetes.io/enforce': 'baseline',
        'pod-security.kubernetes.io/warn': 'restricted',
      },
    },
  };
}

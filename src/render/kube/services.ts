// Kubernetes Services: a ClusterIP Service named exactly like the service or backend, so the host names in
// the env contract (DB_HOST=postgres, REDIS_HOST=redis, http://files:4443) resolve the same as on local.
import type { Port } from '../../model/schema.js';
import { dnsName } from '../names.js';
import { meta, selectorLabels, type KubeContext, type KubeObject, type Labels, type OwnerKind } from './meta.js';

export function clusterService(
  ctx: KubeContext,
  owner: { readonly name: string; readonly kind: OwnerKind; readonly labels?: Labels },
  ports: readonly Port[],
  annotations?: Readonly<Record<string, string>>,
): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: meta(ctx, dnsName(owner.name), owner, annotations),
    spec: {
      type: 'ClusterIP',
      selector: selectorLabels(ctx, owner.name),
      ports: ports.map((p) => ({
        name: p.name,
        port: p.port,
        targetPort: p.port,
        protocol: p.protocol.toUpperCase(),
      })),
    },
  };
}

/** Container ports; a name only where Kubernetes accepts it (IANA service names are at most 15 chars). */
export function containerPorts(ports: readonly Port[]): Record<string, unknown>[] {
  return ports.map((p) => ({
    containerPort: p.port,
    protocol: p.protocol.toUpperCase(),
    ...(p.name.length <= 15 && !p.name.includes('--') ? { name: p.name } : {}),
  }));
}

// PersistentVolumeClaims for a service's volumes (a named volume on local). ReadWriteOnce, the model's size;
// on GKE the storage class the model picks (standard-rwo or premium-rwo), on kind the cluster default.
import type { Volume } from '../../model/schema.js';
import { dnsName } from '../names.js';
import { meta, type KubeContext, type KubeObject, type Labels, type OwnerKind } from './meta.js';

export const pvcName = (workload: string, volume: string): string => dnsName(workload, volume);

export function storageClassOf(ctx: KubeContext): string | undefined {
  return ctx.target === 'gke' ? ctx.env.targets.gke?.storageClass : undefined;
}

/** The spec of a claim (also used in StatefulSet volumeClaimTemplates). */
export function claimSpec(ctx: KubeContext, size: string): Record<string, unknown> {
  const storageClassName = storageClassOf(ctx);
  return {
    accessModes: ['ReadWriteOnce'],
    resources: { requests: { storage: size } },
    ...(storageClassName ? { storageClassName } : {}),
  };
}

export function persistentVolumeClaim(
  ctx: KubeContext,
  owner: { readonly name: string; readonly kind: OwnerKind; readonly labels?: Labels },
  v: Volume,
): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'PersistentVolumeClaim',
    metadata: meta(ctx, pvcName(owner.name, v.name), owner),
    spec: claimSpec(ctx, v.size),
  };
}

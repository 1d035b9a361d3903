// PersistentVolumeClaims for a service's volumes (a named volume on local). ReadWriteOnce, the model's size,
// the cluster's default storage class (a target may patch in its own: GKE's standard-rwo or premium-rwo).
import type { Volume } from '../../model/schema.js';
import { dnsName } from '../names.js';
import { meta, type KubeContext, type KubeObject, type Labels, type OwnerKind } from './meta.js';

export const pvcName = (workload: string, volume: string): string => dnsName(workload, volume);

/** The spec of a claim (also used in StatefulSet volumeClaimTemplates). */
export function claimSpec(size: string): Record<string, unknown> {
  return { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: size } } };
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
    spec: claimSpec(v.size),
  };
}

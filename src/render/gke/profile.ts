// What GKE changes on the neutral Kubernetes objects: claims on the storage class the model picks, the
// workloads that call Google APIs act as the runtime service account (Workload Identity), and the Ingress is
// the GCE load balancer on the environment's global static IP, with a Google-managed certificate when
// tls.mode is "managed". The backends are managed services, ready before anything is applied.
import type { Environment } from '../../model/schema.js';
import { dnsName } from '../names.js';
import { meta, outputsName, type KubePatch, type KubeProfile } from '../kube/meta.js';
import { mapSpecs, withAnnotations } from '../kube/patch.js';
import { workloadIdentityWorkloads } from './accounts.js';
import { globalAddressName, managedCertificateName, runtimeServiceAccountEmail } from './gcp-names.js';

const storageClass: KubePatch = (objects, { env }) => {
  const storageClassName = env.targets.gke?.storageClass;
  if (!storageClassName) return objects;
  const claims = mapSpecs(objects, 'PersistentVolumeClaim', (spec) => ({ ...spec, storageClassName }));
  return mapSpecs(claims, 'StatefulSet', (spec) => ({
    ...spec,
    ...(Array.isArray(spec.volumeClaimTemplates)
      ? {
          volumeClaimTemplates: spec.volumeClaimTemplates.map((t: { spec?: object }) => ({
            ...t,
            spec: { ...t.spec, storageClassName },
          })),
        }
      : {}),
  }));
};

const workloadIdentity: KubePatch = (objects, { env }) => {
  const accounts = new Set(workloadIdentityWorkloads(env).map((w) => dnsName(w)));
  const annotation = { 'iam.gke.io/gcp-service-account': runtimeServiceAccountEmail(env) };
  return objects.map((o) =>
    o.kind === 'ServiceAccount' && accounts.has(o.metadata.name) ? withAnnotations(o, annotation) : o,
  );
};

/**
 * GKE documents the class annotation (not spec.ingressClassName) for its Ingress controller; the API rejects
 * an Ingress that sets both, so GKE gets only the annotation.
 */
const gceIngress: KubePatch = (objects, ctx) => {
  const ing = ctx.env.ingress;
  if (!ing) return objects;
  const managed = ing.tls.mode === 'managed';
  const annotations = {
    'kubernetes.io/ingress.class': 'gce',
    'kubernetes.io/ingress.global-static-ip-name': globalAddressName(ctx.env),
    ...(managed ? { 'networking.gke.io/managed-certificates': managedCertificateName(ctx.env) } : {}),
  };
  const out = objects.map((o) => (o.kind === 'Ingress' ? withAnnotations(o, annotations) : o));
  if (managed)
    out.push({
      apiVersion: 'networking.gke.io/v1',
      kind: 'ManagedCertificate',
      metadata: meta(ctx, managedCertificateName(ctx.env), { name: ctx.env.metadata.name, kind: 'environment' }),
      spec: { domains: [ing.host] },
    });
  return out;
};

const outputsNote = (env: Environment): string[] => [
  `#   ConfigMap ${outputsName(env)}: addresses known after provisioning (Memorystore host, ...)`,
];

export const GKE_PROFILE: KubeProfile = {
  backendsReadyBeforeApply: true,
  managedCertificates: true,
  applyTimeNotes: outputsNote,
  patches: [storageClass, workloadIdentity, gceIngress],
};

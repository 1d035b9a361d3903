// The ingress controller a kind cluster needs before the environment's Ingress means anything. kind ships none;
// its docs install ingress-nginx from the kind-specific manifest of a release, and so does `up kind`, pinned to
// one release, when the model has an ingress and the cluster has no IngressClass "nginx" yet. Another manifest
// (a file or a URL) can be named in OH_ENV_KIND_INGRESS_MANIFEST: an air-gapped mirror, or the lab's stand-in
// controller (the lab cannot build ingress-nginx offline; docs/lab.md). It is applied like everything else
// (server-side, field manager oh-env), and `up` waits for its Deployments before applying the Ingress, whose
// admission webhook would refuse it until then.
import { readFileSync } from 'node:fs';
import { parseAllDocuments } from 'yaml';
import { OhEnvError } from '../../errors.js';
import type { KubeDriver, KubeResource } from '../../drivers/kube/index.js';
import { download } from '../../drivers/net.js';
import type { ProcEnv } from '../../engine/config-dir.js';

export const INGRESS_NGINX_VERSION = 'controller-v1.12.1';
/** The release's manifest for kind (hostPort 80/443 on the ingress-ready node). */
export const INGRESS_NGINX_MANIFEST = `https://raw.githubusercontent.com/kubernetes/ingress-nginx/${INGRESS_NGINX_VERSION}/deploy/static/provider/kind/deploy.yaml`;
/** The class the kind profile gives the Ingress (render/kind/profile.ts). */
export const INGRESS_CLASS = 'nginx';

/** Where the controller's manifest comes from. */
export const ingressManifestSource = (procEnv: ProcEnv): string =>
  procEnv.OH_ENV_KIND_INGRESS_MANIFEST || INGRESS_NGINX_MANIFEST;

/** The objects of a multi-document manifest (empty documents dropped). */
export function manifestObjects(text: string, source: string): KubeResource[] {
  const docs = parseAllDocuments(text);
  const out: KubeResource[] = [];
  for (const d of docs) {
    if (d.errors.length > 0)
      throw new OhEnvError('E_MODEL_PARSE', `the ingress controller manifest ${source} is not valid YAML`, {
        details: d.errors.map((e) => e.message),
        hint: 'check OH_ENV_KIND_INGRESS_MANIFEST, or unset it to use the pinned ingress-nginx manifest',
      });
    const o = d.toJS() as KubeResource | null;
    if (o && typeof o === 'object' && o.kind && o.metadata) out.push(o);
  }
  return out;
}

async function readManifest(source: string): Promise<string> {
  if (/^https?:\/\//.test(source)) return download(source);
  try {
    return readFileSync(source, 'utf8');
  } catch (cause) {
    throw new OhEnvError('E_USAGE', `cannot read the ingress controller manifest ${source}`, {
      hint: 'OH_ENV_KIND_INGRESS_MANIFEST names a file that is not there; fix or unset it',
      cause,
    });
  }
}

/**
 * Installs the controller when the cluster has no IngressClass "nginx"; returns its Deployments (to wait for),
 * or none when it was there already.
 */
export async function ensureIngressController(driver: KubeDriver, procEnv: ProcEnv): Promise<KubeResource[]> {
  const present = await driver.get({ apiVersion: 'networking.k8s.io/v1', kind: 'IngressClass' }, INGRESS_CLASS);
  if (present) return [];
  const source = ingressManifestSource(procEnv);
  const objects = manifestObjects(await readManifest(source), source);
  await driver.apply(objects);
  return objects.filter((o) => o.kind === 'Deployment' || o.kind === 'DaemonSet');
}

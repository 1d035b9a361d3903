// Which steps `lab up --for <purpose>` runs, in order. The demo needs the engine and the images only and
// never waits on (or builds) anything of Kubernetes; e2e (and `up` alone) brings up what `npm test` needs; kind
// adds a kind node image (and what makes it) to the demo set; all is e2e + kind. Builds run
// one after another: on 2 cores parallel Go builds only slow each other down.
import { ensureImage } from './build-images.js';
import { ensureCluster } from './cluster.js';
import { ensureComposePlugin, ensureEngine } from './engine.js';
import { ensureGoTool } from './go-tools.js';
import { ensureKindHost } from './kind-host.js';
import { ensureKindImages, ensureKindNode, ensurePause } from './kind-node.js';
import { labImages } from './images.js';
import type { Step } from './runner.js';
import { ensureSchemas } from './schemas.js';
import { ensureTestIngressManifest } from './test-ingress.js';
import { GO_TOOLS, type GoToolKey } from './versions.js';

export const PURPOSES = ['demo', 'e2e', 'kind', 'all'] as const;
export type Purpose = (typeof PURPOSES)[number];

const goStep = (key: GoToolKey): Step => {
  const tool = GO_TOOLS[key];
  return { name: `go build ${tool.name}`, run: (ctx) => ensureGoTool(tool, ctx) };
};

/**
 * The kind set: what a real kind cluster from the lab's node image needs. Not part of e2e yet (CI's budget has
 * not been measured with it); `all` is e2e plus this.
 */
const kindSteps = (): Step[] => [
  goStep('kind'),
  goStep('etcd'),
  // The control plane's Kubernetes build plus kubelet, kubeadm and kube-proxy: one go build, one cache.
  goStep('kubernetesNode'),
  goStep('crictl'),
  goStep('coredns'),
  { name: 'pause', run: ensurePause },
  // The lab's TEST stand-in for ingress-nginx (seconds: client-go is in the cache from the Kubernetes build).
  goStep('testIngress'),
  { name: 'test ingress manifest', run: ensureTestIngressManifest },
  { name: 'kind host probe', run: ensureKindHost },
  { name: 'kind images', run: ensureKindImages },
  { name: 'kind node image', run: ensureKindNode },
];

export function plan(purpose: Purpose): Step[] {
  const steps: Step[] = [
    { name: 'docker engine', run: ensureEngine },
    // The fake-gcs-server image is made from the lab's own build of it.
    goStep('fakeGcs'),
    ...labImages().map((spec) => ({ name: `image ${spec.name}`, run: (ctx) => ensureImage(spec, ctx) }) satisfies Step),
  ];
  if (purpose === 'demo') return steps;
  if (purpose === 'kind') return [...steps, ...kindSteps()];
  const e2e = [
    ...steps,
    goStep('compose'),
    { name: 'docker compose plugin', run: ensureComposePlugin },
    goStep('kubeconform'),
    { name: 'kubernetes schemas', run: ensureSchemas },
    goStep('kind'),
    goStep('kwok'),
    goStep('etcd'),
    goStep('kubernetes'),
    { name: 'control plane', run: ensureCluster },
  ];
  if (purpose === 'e2e') return e2e;
  const names = new Set(e2e.map((s) => s.name));
  return [...e2e, ...kindSteps().filter((s) => !names.has(s.name))];
}

// Which steps `lab up --for <purpose>` runs, in order. The demo needs the engine and the images only and
// never waits on (or builds) anything of Kubernetes; e2e (and `up` alone) brings up everything. Builds run
// one after another: on 2 cores parallel Go builds only slow each other down.
import { ensureImage } from './build-images.js';
import { ensureCluster } from './cluster.js';
import { ensureComposePlugin, ensureEngine } from './engine.js';
import { ensureGoTool } from './go-tools.js';
import { labImages } from './images.js';
import type { Step } from './runner.js';
import { ensureSchemas } from './schemas.js';
import { GO_TOOLS, type GoToolKey } from './versions.js';

export const PURPOSES = ['demo', 'e2e', 'all'] as const;
export type Purpose = (typeof PURPOSES)[number];

const goStep = (key: GoToolKey): Step => {
  const tool = GO_TOOLS[key];
  return { name: `go build ${tool.name}`, run: (ctx) => ensureGoTool(tool, ctx) };
};

export function plan(purpose: Purpose): Step[] {
  const steps: Step[] = [
    { name: 'docker engine', run: ensureEngine },
    // The fake-gcs-server image is made from the lab's own build of it.
    goStep('fakeGcs'),
    ...labImages().map((spec) => ({ name: `image ${spec.name}`, run: (ctx) => ensureImage(spec, ctx) }) satisfies Step),
  ];
  if (purpose === 'demo') return steps;
  return [
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
}

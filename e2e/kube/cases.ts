// The Kubernetes renders the contract tests check: every fixture model (and the default model) for kind and
// gke, rendered in-process exactly as `oh-env render` does. Models without GKE settings have no gke case.
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { diskReader } from '../../src/drivers/files.js';
import { loadModel } from '../../src/model/load.js';
import type { Environment } from '../../src/model/schema.js';
import { gkeObjects } from '../../src/render/gke/index.js';
import { render } from '../../src/targets/registry.js';
import { kindObjects } from '../../src/render/kind/index.js';
import type { KubeObject } from '../../src/render/kube/meta.js';
import { toYamlStream } from '../../src/render/yaml.js';

export const ROOT = new URL('../../', import.meta.url).pathname;

/** Prometheus-operator and GKE CRDs: no JSON Schema ships for them, and a bare API server does not know them. */
export const CRD_KINDS = ['ManagedCertificate', 'PrometheusRule', 'ServiceMonitor'] as const;

export interface KubeCase {
  readonly model: string;
  readonly target: 'kind' | 'gke';
  /** A short, DNS-safe id of the case. */
  readonly id: string;
}

export function kubeModels(): string[] {
  const models = readdirSync(join(ROOT, 'fixtures'))
    .filter((f) => /^valid-.*\.yaml$/.test(f))
    .map((f) => `fixtures/${f}`)
    .sort();
  if (existsSync(join(ROOT, 'fixtures/demo/oh-env.yaml'))) models.push('fixtures/demo/oh-env.yaml');
  models.push('envs/openhands.yaml');
  return models;
}

function load(model: string, target: 'kind' | 'gke'): Environment {
  return loadModel({ cwd: ROOT, file: model, target }, diskReader).env;
}

export function kubeCases(targets: readonly ('kind' | 'gke')[] = ['kind', 'gke']): KubeCase[] {
  const cases: KubeCase[] = [];
  for (const model of kubeModels())
    for (const target of targets) {
      if (target === 'gke' && !load(model, target).targets.gke) continue;
      const id = `${model.replace(/^(fixtures|envs)\/|\.yaml$|\/oh-env/g, '').replace(/[^a-z0-9]+/g, '-')}-${target}`;
      cases.push({ model, target, id });
    }
  return cases;
}

/** What a case renders: the objects (what `up` applies) and manifests.yaml (what the repository keeps). */
export interface RenderedCase {
  readonly objects: readonly KubeObject[];
  readonly manifests: string;
}

/** A case rendered in-process, optionally into another namespace (so tests never touch a real one). */
export function renderKubeCase(c: KubeCase, namespace?: string): RenderedCase {
  let env = load(c.model, c.target);
  if (namespace) {
    const t = env.targets;
    env =
      c.target === 'kind'
        ? { ...env, targets: { ...t, kind: { ...t.kind, namespace } } }
        : { ...env, targets: { ...t, gke: { ...t.gke!, namespace } } };
  }
  const input = { env, sources: [c.model], model: c.model };
  const file = render(input, c.target).files.find((f) => f.path === 'manifests.yaml');
  if (!file) throw new Error(`${c.model} → ${c.target}: no manifests.yaml`);
  const { objects } = c.target === 'kind' ? kindObjects(input) : gkeObjects(input);
  return { objects, manifests: file.content };
}

/** manifests.yaml of a case (see renderKubeCase). */
export const renderManifests = (c: KubeCase, namespace?: string): string => renderKubeCase(c, namespace).manifests;

export interface ManifestObject {
  readonly kind: string;
  readonly metadata: { readonly name: string; readonly namespace?: string };
  readonly [key: string]: unknown;
}

export const parseManifests = (text: string): ManifestObject[] =>
  parseAllDocuments(text).map((d) => d.toJS() as ManifestObject);

export const toManifests = (objects: readonly ManifestObject[]): string => toYamlStream(objects);

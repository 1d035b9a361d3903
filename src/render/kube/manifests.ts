// The objects both Kubernetes targets share (namespace, workloads with their RBAC/config/storage/waits,
// Services, Ingress) and the manifests file they are written to.
import { generatedHeader, toYamlStream } from '../yaml.js';
import { regenerateCommand, sourceText, type RenderInput } from '../input.js';
import type { RenderedFile } from '../output.js';
import { ingressObjects } from './ingress.js';
import { kubeSecretName } from '../secret-names.js';
import { applyPatches } from './patch.js';
import { sortObjects, tlsSecretName, type KubeContext, type KubeObject } from './meta.js';
import { defaultServiceAccount, namespaceObject } from './namespace.js';
import { jobObjects, serviceObjects } from './workload-objects.js';

export interface WorkloadOptions {
  /** Whether a HorizontalPodAutoscaler owns this service's replica count. */
  readonly hpa: (service: string) => boolean;
  readonly serviceAnnotations?: (service: string) => Readonly<Record<string, string>> | undefined;
}

export function workloadObjects(ctx: KubeContext, opts: WorkloadOptions): KubeObject[] {
  const objects: KubeObject[] = [namespaceObject(ctx), ...defaultServiceAccount(ctx)];
  for (const [name, s] of Object.entries(ctx.env.services)) {
    const serviceAnnotations = opts.serviceAnnotations?.(name);
    objects.push(
      ...serviceObjects(ctx, name, s, { hpa: opts.hpa(name), ...(serviceAnnotations ? { serviceAnnotations } : {}) }),
    );
  }
  for (const [name, j] of Object.entries(ctx.env.jobs)) objects.push(...jobObjects(ctx, name, j));
  objects.push(...ingressObjects(ctx));
  return objects;
}

/** The base objects with the target's patches, in apply order: what the file shows and what `up` applies. */
export function finishObjects(ctx: KubeContext, base: readonly KubeObject[]): KubeObject[] {
  return sortObjects(applyPatches(ctx, base));
}

/** What `up` creates before applying this file: referenced here by name, never rendered. */
function applyTimeNotes(ctx: KubeContext): string[] {
  const { env } = ctx;
  const secrets = Object.keys(env.secrets).sort();
  const lines = [
    `# Created by \`oh-env up ${ctx.target}\` at apply time and only referenced here (no values in this file):`,
  ];
  if (secrets.length > 0)
    lines.push(
      `#   Secret ${kubeSecretName(env)}: one key per model secret (${secrets.join(', ')}), from the secret source`,
    );
  const ing = env.ingress;
  if (ing && (ing.tls.mode === 'self-signed' || (ing.tls.mode === 'managed' && !ctx.profile.managedCertificates)))
    lines.push(`#   Secret ${tlsSecretName(env)}: a self-signed certificate for ${ing.host}`);
  if (ing && ing.tls.mode === 'secret')
    lines.push(`#   Secret ${ing.tls.secretName ?? ''}: the TLS certificate for ${ing.host} (yours)`);
  lines.push(...ctx.profile.applyTimeNotes(env));
  return lines.length > 1 ? lines : [];
}

/** The manifests file of finished objects (finishObjects), written as they are. */
export function manifestsFile(input: RenderInput, ctx: KubeContext, objects: readonly KubeObject[]): RenderedFile {
  const header = [
    generatedHeader(sourceText(input), regenerateCommand(input, ctx.target)).trimEnd(),
    ...applyTimeNotes(ctx),
  ].join('\n');
  return { path: 'manifests.yaml', content: `${header}\n${toYamlStream(objects)}` };
}

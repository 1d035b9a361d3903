// The images of a set of Kubernetes objects, and the pod-template annotation that makes a rebuilt image roll
// out. A local image rebuilt under the same tag (what `docker build -t app:dev` does all day) would otherwise
// leave the pods on the old one: the Deployment's spec is unchanged, so the API server sees nothing to roll
// out. With the image IDs in the template, a new ID is a new template, and only that workload rolls out. Pure.
import type { KubeResource } from '../../drivers/kube/index.js';

/** The pod-template annotation: `image=id` per image the pod runs, one per line. */
export const IMAGE_IDS = 'dev.oh-env.image-ids';

type PodSpec = { containers?: { image?: string }[]; initContainers?: { image?: string }[] };
type Template = { metadata?: { annotations?: Record<string, string> }; spec?: PodSpec };

const templateOf = (o: KubeResource): Template | undefined =>
  ['Deployment', 'StatefulSet', 'Job', 'DaemonSet'].includes(o.kind)
    ? (o as { spec?: { template?: Template } }).spec?.template
    : undefined;

const podImages = (t: Template | undefined): string[] =>
  [...(t?.spec?.initContainers ?? []), ...(t?.spec?.containers ?? [])]
    .map((c) => c.image ?? '')
    .filter((i) => i !== '');

/** Every image the objects' pods run, sorted, each once. */
export function imagesOf(objects: readonly KubeResource[]): string[] {
  return [...new Set(objects.flatMap((o) => podImages(templateOf(o))))].sort();
}

/** The objects with each pod template annotated with the IDs of its images (those `ids` knows). */
export function stampImageIds(objects: readonly KubeResource[], ids: ReadonlyMap<string, string>): KubeResource[] {
  return objects.map((o) => {
    const template = templateOf(o);
    if (!template) return o;
    const known = [...new Set(podImages(template))].filter((i) => ids.has(i)).sort();
    if (known.length === 0) return o;
    const spec = (o as { spec?: Record<string, unknown> }).spec;
    const annotations = {
      ...template.metadata?.annotations,
      [IMAGE_IDS]: known.map((i) => `${i}=${ids.get(i)}`).join('\n'),
    };
    return {
      ...o,
      spec: { ...spec, template: { ...template, metadata: { ...template.metadata, annotations } } },
    } as KubeResource;
  });
}

// Small immutable edits the targets' patches are made of: reach every pod spec, every container, an object's
// annotations. Objects are plain data, so a patch returns new objects and never mutates the base.
import type { KubeContext, KubeObject } from './meta.js';

/** The target's patches, in order, over the base objects. */
export function applyPatches(ctx: KubeContext, objects: readonly KubeObject[]): KubeObject[] {
  return [...ctx.profile.patches.reduce<readonly KubeObject[]>((acc, patch) => patch(acc, ctx), objects)];
}

type Data = Readonly<Record<string, unknown>>;

/** Kinds whose spec.template.spec is a pod spec. */
const POD_TEMPLATE_KINDS = new Set(['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'Job']);

const asData = (v: unknown): Data => (v && typeof v === 'object' ? (v as Data) : {});

export function mapPodSpecs(objects: readonly KubeObject[], fn: (spec: Data) => Data): KubeObject[] {
  return objects.map((o) => {
    if (!POD_TEMPLATE_KINDS.has(o.kind)) return o;
    const spec = asData(o.spec);
    const template = asData(spec.template);
    return { ...o, spec: { ...spec, template: { ...template, spec: fn(asData(template.spec)) } } };
  });
}

/** Every container and init container of every pod template. */
export function mapContainers(objects: readonly KubeObject[], fn: (container: Data) => Data): KubeObject[] {
  const each = (list: unknown) => (Array.isArray(list) ? { list: list.map((c) => fn(asData(c))) } : undefined);
  return mapPodSpecs(objects, (spec) => {
    const containers = each(spec.containers);
    const initContainers = each(spec.initContainers);
    return {
      ...spec,
      ...(containers ? { containers: containers.list } : {}),
      ...(initContainers ? { initContainers: initContainers.list } : {}),
    };
  });
}

export function withAnnotations(o: KubeObject, annotations: Readonly<Record<string, string>>): KubeObject {
  if (Object.keys(annotations).length === 0) return o;
  const { metadata } = o;
  return { ...o, metadata: { ...metadata, annotations: { ...metadata.annotations, ...annotations } } };
}

/** Changes the spec of every object of one kind. */
export function mapSpecs(objects: readonly KubeObject[], kind: string, fn: (spec: Data) => Data): KubeObject[] {
  return objects.map((o) => (o.kind === kind ? { ...o, spec: fn(asData(o.spec)) } : o));
}

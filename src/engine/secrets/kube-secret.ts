// The environment's Kubernetes Secret, built from the secret source's values: the kube driver creates it at
// apply time, before the workloads that reference it (by kubeSecretName/kubeSecretKey, in the rendered
// manifests). It is never written to a rendered file, so no value reaches a file, a golden or a plan. Pure.
import type { Environment } from '../../model/schema.js';
import { meta, namespaceOf, type KubeObject, type KubeTarget } from '../../render/kube/meta.js';
import { kubeSecretKey, kubeSecretName } from '../../render/secret-names.js';

/**
 * type Opaque, values base64 in `data` (what the API server stores and returns, so a server-side apply of the
 * same values is a no-op), labelled like every other object of the environment. Optional secrets without a
 * value are left out: the workloads reference them with `optional: true`.
 */
export function kubeSecretObject(
  env: Environment,
  target: KubeTarget,
  values: ReadonlyMap<string, { readonly value: string }>,
): KubeObject {
  const ctx = { env, target, namespace: namespaceOf(env, target), warnings: [] };
  const data: Record<string, string> = {};
  for (const name of [...values.keys()].sort())
    data[kubeSecretKey(name)] = Buffer.from(values.get(name)!.value, 'utf8').toString('base64');
  return {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: meta(ctx, kubeSecretName(env), { name: env.metadata.name, kind: 'environment' }),
    type: 'Opaque',
    data,
  };
}

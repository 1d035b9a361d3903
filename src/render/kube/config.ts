// A workload's environment: plain values in a ConfigMap of its own (envFrom), secrets as references into the
// environment's Secret (created by `up` from the secret source — never rendered, so no value is ever
// written), and GKE provisioning outputs (REDIS_HOST of Memorystore, …) as references into the outputs
// ConfigMap `up gke` writes after provisioning. The ConfigMap's hash goes on the pod template, so changing a
// value rolls the pods as it recreates the container on local.
import { workloadEnv } from '../../model/contract.js';
import type { Workload } from '../../model/schema.js';
import { stableHash } from '../hash.js';
import { dnsName } from '../names.js';
import { kubeSecretKey, kubeSecretName } from '../secret-names.js';
import { meta, outputsName, type KubeContext, type KubeObject, type OwnerKind } from './meta.js';

export interface WorkloadEnvironment {
  /** The ConfigMap with the plain values; undefined when there are none. */
  readonly configMap: KubeObject | undefined;
  readonly env: readonly Record<string, unknown>[];
  readonly envFrom: readonly Record<string, unknown>[];
  /** Changes whenever a value or a reference changes. */
  readonly hash: string;
}

export const envConfigMapName = (workload: string): string => dnsName(workload, 'env');

export function workloadEnvironment(ctx: KubeContext, name: string, w: Workload, kind: OwnerKind): WorkloadEnvironment {
  const contract = workloadEnv(ctx.env, w, ctx.target);
  const data: Record<string, string> = {};
  const env: Record<string, unknown>[] = [];
  for (const [variable, v] of Object.entries(contract)) {
    if (v.kind === 'value') data[variable] = v.value;
    else if (v.kind === 'secret') {
      const optional = ctx.env.secrets[v.secret]?.required === false;
      env.push({
        name: variable,
        valueFrom: {
          secretKeyRef: {
            name: kubeSecretName(ctx.env),
            key: kubeSecretKey(v.secret),
            ...(optional ? { optional: true } : {}),
          },
        },
      });
    } else env.push({ name: variable, valueFrom: { configMapKeyRef: { name: outputsName(ctx.env), key: v.key } } });
  }
  const hasData = Object.keys(data).length > 0;
  const configMap: KubeObject | undefined = hasData
    ? {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: meta(ctx, envConfigMapName(name), { name, kind, labels: w.labels }),
        data,
      }
    : undefined;
  return {
    configMap,
    env,
    envFrom: hasData ? [{ configMapRef: { name: envConfigMapName(name) } }] : [],
    hash: stableHash({ data, env }, 16),
  };
}

// The cluster `up kind` runs on: the one the rendered kind config names, created when it does not exist, reused
// when oh-env created it for this environment (its node carries the environment's label, from the config),
// refused when it is somebody else's; or the cluster the user names with --cluster (theirs: used as it is,
// never deleted), or any cluster of a kubeconfig context with --kube-context. The kubeconfig oh-env uses is its
// own file in the environment's config folder: the user's ~/.kube/config and current context are never changed.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { OhEnvError } from '../../errors.js';
import type { DockerClient } from '../../drivers/docker/client.js';
import {
  createKindCluster,
  exportKindKubeconfig,
  kindClusters,
  kindContext,
  type KindOptions,
} from '../../drivers/kind.js';
import { portFree, portHolder } from '../../drivers/host-ports.js';
import { connectKube, type KubeDriver } from '../../drivers/kube/index.js';
import { envConfigDir } from '../../engine/config-dir.js';
import type { Environment } from '../../model/schema.js';
import { kindClusterConfig, kindClusterName, KIND_ENV_LABEL } from '../../render/kind/cluster.js';
import { toYaml } from '../../render/yaml.js';
import type { TargetContext } from '../target.js';

export interface KindCluster {
  /** The kind cluster's name; undefined for a --kube-context cluster (kind may not know it). */
  readonly name: string | undefined;
  readonly kubeconfig: string;
  readonly context: string;
  /** oh-env created it (now or earlier) for this environment: `down kind --cluster` may delete it. */
  readonly owned: boolean;
  /** Created by this run. */
  readonly created: boolean;
  readonly driver: KubeDriver;
}

/** The kubeconfig file oh-env keeps for an environment's kind cluster. */
export const kindKubeconfig = (env: Environment, procEnv: TargetContext['procEnv']): string =>
  join(envConfigDir(env.metadata.name, procEnv), 'kind.kubeconfig');

/** The node image kind creates the cluster from: --node-image, else OH_ENV_KIND_NODE_IMAGE, else kind's default. */
const nodeImageOf = (ctx: TargetContext): string | undefined =>
  ctx.cluster?.nodeImage ?? (ctx.procEnv.OH_ENV_KIND_NODE_IMAGE || undefined);

/**
 * The kind config as `kind create cluster` gets it: the rendered one, plus what this host needs. kubelet ≥ 1.35
 * refuses to start on cgroup v1 unless told otherwise; on such a host (the engine says which) the config gets
 * `failCgroupV1: false`, which kind's own docs give for the same case. Elsewhere it is the render, byte for byte.
 */
export function creationConfig(env: Environment, cgroupVersion: string | undefined): string {
  const config = kindClusterConfig(env);
  if (cgroupVersion !== '1') return toYaml(config);
  return toYaml({ ...config, kubeadmConfigPatches: ['kind: KubeletConfiguration\nfailCgroupV1: false\n'] });
}

async function checkHostPorts(env: Environment): Promise<void> {
  const k = env.targets.kind;
  for (const [port, field] of [
    [k.httpPort, 'httpPort'],
    [k.httpsPort, 'httpsPort'],
  ] as const) {
    if (await portFree('127.0.0.1', port)) continue;
    const holder = portHolder(port);
    throw new OhEnvError(
      'E_PORT_TAKEN',
      `host port 127.0.0.1:${port} (targets.kind.${field}) is taken${holder ? ` by ${holder.command} (pid ${holder.pid})` : ''}`,
      {
        hint: `stop what listens there, or set targets.kind.${field} to a free port in the kind overlay; nothing was created`,
      },
    );
  }
}

const kindOptions = (ctx: TargetContext): KindOptions => ({
  env: ctx.procEnv,
  ...(ctx.signal ? { signal: ctx.signal } : {}),
});

/**
 * The cluster the environment runs on when it exists (ps, logs, status, down; and `up` before it creates one):
 * undefined when there is no such kind cluster. Creates nothing.
 */
export async function existingKindCluster(ctx: TargetContext): Promise<KindCluster | undefined> {
  const { env, procEnv } = ctx;
  if (ctx.cluster?.kubeContext) {
    const kubeconfig = ctx.cluster.kubeconfig ?? procEnv.KUBECONFIG ?? '';
    const driver = await connectKube({ ...(kubeconfig ? { kubeconfig } : {}), context: ctx.cluster.kubeContext });
    return { name: undefined, kubeconfig, context: driver.context, owned: false, created: false, driver };
  }
  const named = ctx.cluster?.name;
  const name = named ?? kindClusterName(env);
  if (!(await kindClusters(kindOptions(ctx))).includes(name)) {
    if (named)
      throw new OhEnvError('E_CLUSTER_UNREACHABLE', `no kind cluster "${named}" (--cluster)`, {
        hint: `\`kind get clusters\` lists them; leave --cluster out and oh-env up kind creates "${kindClusterName(env)}"`,
      });
    return undefined;
  }
  const kubeconfig = kindKubeconfig(env, procEnv);
  const connect = () => connectKube({ kubeconfig, context: kindContext(name) });
  // oh-env's file usually has the context already; it may be missing or stale (a cluster recreated by hand),
  // and then kind writes it again.
  const driver = await (existsSync(kubeconfig) ? connect() : Promise.reject(new Error('no kubeconfig yet'))).catch(
    async () => {
      await exportKindKubeconfig(name, kubeconfig, kindOptions(ctx));
      return connect();
    },
  );
  const owned = await ownedBy(driver, env);
  if (!named && !owned)
    throw new OhEnvError(
      'E_CLUSTER_FOREIGN',
      `a kind cluster "${name}" exists and oh-env did not create it for environment "${env.metadata.name}"`,
      { hint: `use it anyway with \`oh-env up kind --cluster ${name}\`, or set targets.kind.cluster to another name` },
    );
  return { name, kubeconfig, context: driver.context, owned, created: false, driver };
}

/** The cluster for this run, created when needed. `docker` reads the engine's cgroup version for the config. */
export async function ensureKindCluster(
  ctx: TargetContext,
  docker: () => Promise<DockerClient>,
  onCreate: () => void,
): Promise<KindCluster> {
  const found = await existingKindCluster(ctx);
  if (found) return found;
  const { env } = ctx;
  const name = kindClusterName(env);
  const kubeconfig = kindKubeconfig(env, ctx.procEnv);
  await checkHostPorts(env);
  onCreate();
  const info = await (await docker()).get<{ CgroupVersion?: string }>('/info');
  const image = nodeImageOf(ctx);
  await createKindCluster(
    { name, config: creationConfig(env, info?.CgroupVersion), kubeconfig, ...(image ? { image } : {}) },
    kindOptions(ctx),
  );
  const driver = await connectKube({ kubeconfig, context: kindContext(name) });
  return { name, kubeconfig, context: driver.context, owned: true, created: true, driver };
}

/** Whether the cluster's nodes carry this environment's label (set through the kind config at creation). */
async function ownedBy(driver: KubeDriver, env: Environment): Promise<boolean> {
  const nodes = await driver.list(
    { apiVersion: 'v1', kind: 'Node' },
    { labels: { [KIND_ENV_LABEL]: env.metadata.name } },
  );
  return nodes.length > 0;
}

// The kind CLI (https://kind.sigs.k8s.io), run through the exec driver: list, create and delete clusters, write
// a cluster's kubeconfig to a file oh-env owns (never into the user's ~/.kube/config), and deliver local images
// to the nodes. What is already on a node is read with crictl inside the node container (one `docker exec` per
// node), so `kind load` only ever gets the images whose ID the node does not have.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CommandError, run } from './exec.js';

type ProcEnv = Readonly<Record<string, string | undefined>>;

export interface KindOptions {
  /** The whole environment kind runs with (PATH finds kind and docker; DOCKER_HOST the engine). */
  readonly env: ProcEnv;
  readonly signal?: AbortSignal;
}

const kind = (args: readonly string[], o: KindOptions, input?: string) =>
  run('kind', args, {
    env: o.env,
    ...(o.signal ? { signal: o.signal } : {}),
    ...(input !== undefined ? { input } : {}),
  }).catch((e: unknown) => {
    if (e instanceof CommandError && e.code === 'E_TOOL_MISSING')
      throw new CommandError(e.command, undefined, e.output, 'kind is not installed', {
        missing: true,
        hint: 'install kind (https://kind.sigs.k8s.io/docs/user/quick-start/#installation) and put it on PATH',
      });
    throw e;
  });

const lines = (text: string): string[] =>
  text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('No kind clusters'));

/** The names of the kind clusters on this Docker engine. */
export async function kindClusters(o: KindOptions): Promise<string[]> {
  return lines((await kind(['get', 'clusters'], o)).stdout);
}

/** The node containers of a cluster. */
export async function kindNodes(name: string, o: KindOptions): Promise<string[]> {
  return lines((await kind(['get', 'nodes', '--name', name], o)).stdout);
}

export interface CreateCluster {
  readonly name: string;
  /** The cluster config (kind.x-k8s.io/v1alpha4) as YAML. */
  readonly config: string;
  /** The node image; kind's default for its version when undefined. */
  readonly image?: string;
  /** Where kind writes the cluster's kubeconfig. */
  readonly kubeconfig: string;
}

/** `kind create cluster`, waiting until the control plane is Ready. */
export async function createKindCluster(c: CreateCluster, o: KindOptions): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'oh-env-kind-'));
  try {
    const file = join(dir, 'kind-cluster.yaml');
    writeFileSync(file, c.config);
    await kind(
      [
        'create',
        'cluster',
        '--name',
        c.name,
        '--config',
        file,
        ...(c.image ? ['--image', c.image] : []),
        '--kubeconfig',
        c.kubeconfig,
        '--wait',
        '5m',
      ],
      o,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function deleteKindCluster(name: string, kubeconfig: string, o: KindOptions): Promise<void> {
  await kind(['delete', 'cluster', '--name', name, '--kubeconfig', kubeconfig], o);
}

/** Writes (or refreshes) the cluster's context in `kubeconfig`; other contexts of that file are kept. */
export async function exportKindKubeconfig(name: string, kubeconfig: string, o: KindOptions): Promise<void> {
  await kind(['export', 'kubeconfig', '--name', name, '--kubeconfig', kubeconfig], o);
}

/** The context name kind gives a cluster. */
export const kindContext = (name: string): string => `kind-${name}`;

/** The image IDs (sha256:…) present in containerd on a node. */
export async function nodeImageIds(node: string, o: KindOptions): Promise<Set<string>> {
  const r = await run('docker', ['exec', node, 'crictl', 'images', '-o', 'json'], {
    env: o.env,
    ...(o.signal ? { signal: o.signal } : {}),
  });
  const parsed = JSON.parse(r.stdout) as { images?: { id?: string }[] };
  return new Set((parsed.images ?? []).map((i) => i.id ?? '').filter((id) => id !== ''));
}

/** `kind load docker-image` of these images into every node of the cluster (one archive for all). */
export async function loadKindImages(name: string, images: readonly string[], o: KindOptions): Promise<void> {
  if (images.length === 0) return;
  await kind(['load', 'docker-image', '--name', name, ...images], o);
}

/** `kind version`, e.g. "kind v0.33.0 go1.26 linux/amd64". */
export async function kindVersion(o: KindOptions): Promise<string> {
  return (await kind(['version'], o)).stdout.trim();
}

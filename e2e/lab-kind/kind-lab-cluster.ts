// A kind cluster of a test's own from the lab's node image: its own name, its own kubeconfig in a temp dir, the
// host's kind config patches (cgroup v1), optional node labels and port mappings. `delete` removes that
// cluster only. Shared by the e2e/lab-kind tests.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { stringify } from 'yaml';
import { engineCgroupVersion, KIND_NODE_IMAGE, kindConfigPatches, labBin, labEnv } from '../lab/index.js';

export const env = { ...process.env, ...labEnv() };

export async function present(image: string): Promise<boolean> {
  return (await execa('docker', ['image', 'inspect', image], { reject: false })).exitCode === 0;
}

export const seconds = (since: number): string => ((Date.now() - since) / 1000).toFixed(1);

/** A 127.0.0.1 port nothing listens on now (kind binds it a moment later). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() => (typeof addr === 'object' && addr ? resolve(addr.port) : reject(new Error('no port'))));
    });
  });
}

/** What the tests read of a command: its exit code and its stdout and stderr interleaved. */
export interface Ran {
  readonly exitCode: number | undefined;
  readonly all: string;
}

const ran = async (p: Promise<{ exitCode?: number; all?: unknown }>): Promise<Ran> => {
  const r = await p;
  return { exitCode: r.exitCode, all: String(r.all ?? '') };
};

export interface LabCluster {
  readonly name: string;
  readonly kubeconfig: string;
  readonly kind: (args: string[]) => Promise<Ran>;
  readonly kubectl: (args: string[], input?: string) => Promise<Ran>;
  /** Creates the cluster (`--wait 4m`: the node Ready). */
  create(): Promise<void>;
  /** Deletes this cluster (and only it) and the temp dir; throws when kind fails. */
  delete(): Promise<void>;
}

export interface ClusterOptions {
  readonly prefix: string;
  readonly labels?: Record<string, string>;
  readonly portMappings?: readonly { readonly containerPort: number; readonly hostPort: number }[];
}

export async function labCluster(opts: ClusterOptions): Promise<LabCluster> {
  const name = `${opts.prefix}-${process.pid}`;
  const dir = mkdtempSync(join(tmpdir(), `${opts.prefix}-`));
  const kubeconfig = join(dir, 'kubeconfig');
  const patches = kindConfigPatches({ cgroupVersion: await engineCgroupVersion() });
  const node: Record<string, unknown> = { role: 'control-plane' };
  if (opts.labels) node.labels = opts.labels;
  if (opts.portMappings)
    node.extraPortMappings = opts.portMappings.map((m) => ({ ...m, listenAddress: '127.0.0.1', protocol: 'TCP' }));
  if (patches.length > 0) node.kubeadmConfigPatches = patches;
  const config = { kind: 'Cluster', apiVersion: 'kind.x-k8s.io/v1alpha4', nodes: [node] };
  writeFileSync(join(dir, 'kind.yaml'), stringify(config));
  const kind = (args: string[]) => ran(execa(labBin('kind'), args, { env, reject: false, all: true }));
  const kubectl = (args: string[], input?: string) =>
    ran(
      execa(labBin('kubectl'), ['--kubeconfig', kubeconfig, '--request-timeout=30s', ...args], {
        env,
        reject: false,
        all: true,
        input,
      }),
    );
  return {
    name,
    kubeconfig,
    kind,
    kubectl,
    async create() {
      const args = [
        'create',
        'cluster',
        '--name',
        name,
        '--image',
        KIND_NODE_IMAGE,
        '--config',
        join(dir, 'kind.yaml'),
      ];
      const r = await kind([...args, '--kubeconfig', kubeconfig, '--wait', '4m']);
      if (r.exitCode !== 0) throw new Error(`kind create cluster ${name} failed:\n${r.all}`);
    },
    async delete() {
      const r = await kind(['delete', 'cluster', '--name', name, '--kubeconfig', kubeconfig]);
      rmSync(dir, { recursive: true, force: true });
      if (r.exitCode !== 0) throw new Error(`kind delete cluster ${name} failed:\n${r.all}`);
    },
  };
}

// A throw-away kind cluster from the lab's offline node image, for tests: its own name (the test's pid), its
// own kubeconfig in a temp dir, the host's kind config patches (cgroup v1), optional node labels and host port
// mappings; deleted (that cluster only) when the test ends. Shared by the e2e/lab-kind tests.
import type { TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa, type Result } from 'execa';
import { stringify } from 'yaml';
import { engineCgroupVersion, KIND_NODE_IMAGE, kindConfigPatches, labBin, labEnv } from '../lab/index.js';

const env = { ...process.env, ...labEnv() };

export async function imagePresent(image: string): Promise<boolean> {
  return (await execa('docker', ['image', 'inspect', image], { reject: false })).exitCode === 0;
}

export interface TempCluster {
  readonly name: string;
  readonly kubeconfig: string;
  kind(args: readonly string[]): Promise<Result<{ reject: false; all: true }>>;
  kubectl(args: readonly string[], input?: string): Promise<Result<{ reject: false; all: true }>>;
}

export const seconds = (since: number): string => ((Date.now() - since) / 1000).toFixed(1);

export interface TempClusterOptions {
  readonly labels?: Record<string, string>;
  /** Host ports (on 127.0.0.1) mapped to node ports, as the rendered kind config does for the ingress. */
  readonly portMappings?: readonly { readonly containerPort: number; readonly hostPort: number }[];
}

/** Creates the cluster (`kind create cluster --wait 4m`) and registers its deletion with `t.after`. */
export async function tempCluster(t: TestContext, prefix: string, opts: TempClusterOptions = {}): Promise<TempCluster> {
  const name = `${prefix}-${process.pid}`;
  const dir = mkdtempSync(join(tmpdir(), `${prefix}-`));
  const kubeconfig = join(dir, 'kubeconfig');
  const patches = kindConfigPatches({ cgroupVersion: await engineCgroupVersion() });
  const node: Record<string, unknown> = { role: 'control-plane' };
  if (opts.labels) node.labels = opts.labels;
  if (opts.portMappings)
    node.extraPortMappings = opts.portMappings.map((m) => ({ ...m, listenAddress: '127.0.0.1', protocol: 'TCP' }));
  const config = {
    kind: 'Cluster',
    apiVersion: 'kind.x-k8s.io/v1alpha4',
    nodes: [node],
    ...(patches.length > 0 ? { kubeadmConfigPatches: patches } : {}),
  };
  writeFileSync(join(dir, 'kind.yaml'), stringify(config));
  const kind = (args: readonly string[]) => execa(labBin('kind'), args, { env, reject: false, all: true });
  const kubectl = (args: readonly string[], input?: string) =>
    execa(labBin('kubectl'), ['--kubeconfig', kubeconfig, '--request-timeout=30s', ...args], {
      env,
      reject: false,
      all: true,
      ...(input !== undefined ? { input } : {}),
    });
  t.after(async () => {
    const del = await kind(['delete', 'cluster', '--name', name, '--kubeconfig', kubeconfig]);
    rmSync(dir, { recursive: true, force: true });
    assert.equal(del.exitCode, 0, del.all);
  });
  const create = await kind([
    'create',
    'cluster',
    '--name',
    name,
    '--image',
    KIND_NODE_IMAGE,
    '--config',
    join(dir, 'kind.yaml'),
    '--kubeconfig',
    kubeconfig,
    '--wait',
    '4m',
  ]);
  assert.equal(create.exitCode, 0, create.all);
  return { name, kubeconfig, kind, kubectl };
}

// The Kubernetes control plane on loopback: kwokctl's binary runtime runs the lab's etcd, kube-apiserver,
// kube-controller-manager, kube-scheduler and kwok (all bound to 127.0.0.1, ports picked by kwokctl among
// free ones below 32768, outside the kernel's ephemeral range) in the lab's own KWOK_WORKDIR, with two fake
// nodes. kwokctl never touches ~/.kube/config (--kubeconfig ""); the lab copies the cluster's kubeconfig
// to a known place (labPaths().kubeconfig).
import { copyFileSync, existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { tailOf } from './engine.js';
import { must, probe, run, StepError } from './exec.js';
import { CLUSTER_NAME, labPaths } from './paths.js';
import type { StepContext } from './runner.js';
import { processRuns, readState, updateState, writeFileAtomic } from './state.js';
import { GO_TOOLS, KUBE_VERSION } from './versions.js';

export const FAKE_NODES = 2;

const clusterDir = (): string => join(labPaths().kwokWorkdir, 'clusters', CLUSTER_NAME);

function kwokEnv(): Record<string, string> {
  const p = labPaths();
  return { KWOK_WORKDIR: p.kwokWorkdir };
}

/** kwokctl finds kubectl on PATH; the lab's comes first. */
const hiddenEnv = (): Record<string, string> => ({ PATH: `${labPaths().binDir}:${process.env.PATH ?? ''}` });

function kwokConfig(): string {
  const bin = labPaths().binDir;
  return [
    'kind: KwokctlConfiguration',
    'apiVersion: config.kwok.x-k8s.io/v1alpha1',
    'options:',
    '  runtime: binary',
    `  kubeVersion: v${KUBE_VERSION}`,
    '  bindAddress: 127.0.0.1',
    `  kubeApiserverBinary: ${join(bin, 'kube-apiserver')}`,
    `  kubeControllerManagerBinary: ${join(bin, 'kube-controller-manager')}`,
    `  kubeSchedulerBinary: ${join(bin, 'kube-scheduler')}`,
    `  kwokControllerBinary: ${join(bin, 'kwok')}`,
    `  etcdBinary: ${join(bin, 'etcd')}`,
    `  kubectlBinary: ${join(bin, 'kubectl')}`,
    '',
  ].join('\n');
}

const kubectl = (): string => join(labPaths().binDir, 'kubectl');
const kwokctl = (): string => join(labPaths().binDir, 'kwokctl');

function kubectlArgs(...args: string[]): string[] {
  return ['--kubeconfig', labPaths().kubeconfig, '--request-timeout=10s', ...args];
}

export interface ClusterState {
  readonly exists: boolean;
  readonly ready: boolean;
  readonly serverVersion?: string;
  readonly readyNodes: number;
  readonly server?: string;
  /** Created from other versions than versions.ts names (recreated by `up`). */
  readonly stale: boolean;
}

export async function clusterState(): Promise<ClusterState> {
  const exists = existsSync(join(clusterDir(), 'kwok.yaml'));
  const created = readState().cluster;
  const stale = !!created && (created.kubeVersion !== KUBE_VERSION || created.kwokVersion !== GO_TOOLS.kwok.version);
  if (!exists || !existsSync(labPaths().kubeconfig) || !existsSync(kubectl())) {
    return { exists, ready: false, readyNodes: 0, stale };
  }
  const readyz = await probe(kubectl(), kubectlArgs('get', '--raw', '/readyz'), { timeoutMs: 15_000 });
  if (readyz !== 'ok') return { exists, ready: false, readyNodes: 0, stale };
  const version = await probe(kubectl(), kubectlArgs('version', '-o', 'json'), { timeoutMs: 15_000 });
  const nodes = await probe(
    kubectl(),
    kubectlArgs(
      'get',
      'nodes',
      '-o',
      'jsonpath={range .items[*]}{.status.conditions[?(@.type=="Ready")].status}{"\\n"}{end}',
    ),
    { timeoutMs: 15_000 },
  );
  const server = /server:\s*(\S+)/.exec(readFileSafe(labPaths().kubeconfig))?.[1];
  return {
    exists,
    ready: true,
    serverVersion: version
      ? (JSON.parse(version) as { serverVersion?: { gitVersion?: string } }).serverVersion?.gitVersion
      : undefined,
    readyNodes: (nodes ?? '').split('\n').filter((s) => s.trim() === 'True').length,
    server,
    stale,
  };
}

function readFileSafe(p: string): string {
  try {
    return readFileSync(p, 'utf8');
  } catch {
    return '';
  }
}

export async function ensureCluster(ctx: StepContext): Promise<string> {
  const before = await clusterState();
  if (before.ready && !before.stale && before.readyNodes >= FAKE_NODES) {
    return `${before.serverVersion} at ${before.server}, ${before.readyNodes} Ready nodes (running)`;
  }
  const p = labPaths();
  writeFileAtomic(p.kwokConfig, kwokConfig());
  const opts = { env: kwokEnv(), hiddenEnv: hiddenEnv(), log: ctx.log, verbose: ctx.verbose };
  if (before.exists && (!before.ready || before.stale)) {
    ctx.note(before.stale ? 'recreating (versions changed)' : 'recreating (it exists but does not answer)');
    await deleteCluster(ctx.log);
  }
  if (!before.ready || before.stale) {
    await must(
      kwokctl(),
      ['--config', p.kwokConfig, 'create', 'cluster', '--name', CLUSTER_NAME, '--kubeconfig', '', '--wait', '3m'],
      {
        ...opts,
        what: 'kwokctl create cluster',
        timeoutMs: 300_000,
        hint: `component logs are in ${join(clusterDir(), 'logs')}; \`npm run lab -- down\` then rerun starts afresh`,
      },
    );
    copyFileSync(join(clusterDir(), 'kubeconfig.yaml'), p.kubeconfig);
    updateState((s) => {
      s.cluster = {
        name: CLUSTER_NAME,
        kubeVersion: KUBE_VERSION,
        kwokVersion: GO_TOOLS.kwok.version,
        createdAt: new Date().toISOString(),
      };
    });
  }
  await must(
    kwokctl(),
    ['--config', p.kwokConfig, 'scale', 'node', '--replicas', String(FAKE_NODES), '--name', CLUSTER_NAME],
    {
      ...opts,
      what: 'kwokctl scale node',
      timeoutMs: 120_000,
    },
  );
  await must(kubectl(), kubectlArgs('wait', '--for=condition=Ready', 'node', '--all', '--timeout=120s'), {
    ...opts,
    what: 'kubectl wait nodes Ready',
    timeoutMs: 150_000,
  });
  // Pods need the default ServiceAccount, which the controller manager creates shortly after start.
  const deadline = Date.now() + 120_000;
  while ((await run(kubectl(), kubectlArgs('get', 'serviceaccount', 'default', '-n', 'default'))).code !== 0) {
    if (Date.now() > deadline) {
      throw new StepError(
        'the default ServiceAccount did not appear within 120 s',
        `${kubectl()} --kubeconfig ${p.kubeconfig} get serviceaccount default`,
        tailOf(join(clusterDir(), 'logs', 'kube-controller-manager.log')),
        'the controller manager log is above',
      );
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  const after = await clusterState();
  if (!after.ready || after.readyNodes < FAKE_NODES) {
    throw new StepError(
      `control plane not ready (${after.readyNodes} Ready nodes)`,
      `${kubectl()} --kubeconfig ${p.kubeconfig} get nodes`,
      tailOf(join(clusterDir(), 'logs', 'kube-apiserver.log')),
      `logs: ${join(clusterDir(), 'logs')}`,
    );
  }
  return `${after.serverVersion} at ${after.server}, ${after.readyNodes} Ready nodes, kubeconfig ${p.kubeconfig}`;
}

/**
 * kwokctl stops components by the pids in their pidfiles. After a reboot, or after CI killed every process,
 * those pids may belong to unrelated processes by now: drop every pidfile whose process is not that component.
 */
function dropStalePidfiles(): void {
  const dir = join(clusterDir(), 'pids');
  if (!existsSync(dir)) return;
  for (const f of readdirSync(dir)) {
    if (!f.endsWith('.pid')) continue;
    const pid = Number(readFileSafe(join(dir, f)).trim());
    if (!pid || !processRuns(pid, f.slice(0, -'.pid'.length))) rmSync(join(dir, f), { force: true });
  }
}

async function deleteCluster(log?: string): Promise<void> {
  const p = labPaths();
  dropStalePidfiles();
  if (existsSync(kwokctl())) {
    // --kubeconfig: the context kwokctl removes is in the lab's copy (it never touches ~/.kube/config).
    await must(kwokctl(), ['delete', 'cluster', '--name', CLUSTER_NAME, '--kubeconfig', p.kubeconfig], {
      env: kwokEnv(),
      hiddenEnv: hiddenEnv(),
      log,
      what: 'kwokctl delete cluster',
      timeoutMs: 120_000,
      hint: `the component pidfiles are in ${join(clusterDir(), 'pids')}`,
    });
  }
  rmSync(p.kubeconfig, { force: true });
  updateState((s) => delete s.cluster);
}

/** `lab down`: stops every control-plane process the lab started (kwokctl stops them by their pidfiles). */
export async function stopCluster(): Promise<string> {
  if (!existsSync(clusterDir())) return 'no cluster';
  await deleteCluster(join(labPaths().logDir, 'down.log'));
  return existsSync(clusterDir()) ? `still there: ${clusterDir()}` : `deleted cluster ${CLUSTER_NAME}`;
}

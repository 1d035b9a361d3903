// `lab status`: each component, whether it is there, whether it runs, its version and where it is.
import { imageState } from './build-images.js';
import { clusterState, FAKE_NODES } from './cluster.js';
import { composeVersion, engineVersion, labDockerd } from './engine.js';
import { toolState } from './go-tools.js';
import { KIND_NODE_IMAGE, labImages } from './images.js';
import { kindShimPresent } from './kind-host.js';
import { kindNodeState } from './kind-node.js';
import { labPaths } from './paths.js';
import { schemasPresent } from './schemas.js';
import { readState, which } from './state.js';
import { GO_TOOLS, KUBE_SCHEMA_PACKAGE_VERSION, KUBE_SCHEMA_VERSION } from './versions.js';

export interface ComponentStatus {
  readonly component: string;
  readonly present: boolean;
  /** null for things that do not run (binaries, images). */
  readonly running: boolean | null;
  readonly version: string | null;
  readonly detail: string;
}

export interface LabStatus {
  readonly cacheDir: string;
  readonly binDir: string;
  readonly kubeconfig: string;
  readonly schemaLocation: string;
  readonly components: readonly ComponentStatus[];
}

export async function labStatus(): Promise<LabStatus> {
  const p = labPaths();
  const components: ComponentStatus[] = [];
  const engine = await engineVersion();
  const pid = labDockerd();
  components.push({
    component: 'docker engine',
    present: !!engine || (!!which('dockerd') && !!which('docker')),
    running: !!engine,
    version: engine ?? null,
    detail: engine
      ? pid
        ? `dockerd pid ${pid} started by the lab, log ${p.dockerdLog}`
        : 'reachable (not started by the lab)'
      : 'no engine answers',
  });
  const compose = engine ? await composeVersion() : undefined;
  const plugin = readState().composePlugin;
  components.push({
    component: 'docker compose',
    present: !!compose,
    running: null,
    version: compose ?? null,
    detail: plugin ? `plugin ${plugin.path}` : compose ? 'not installed by the lab' : 'missing',
  });
  for (const tool of Object.values(GO_TOOLS)) {
    const s = await toolState(tool);
    components.push({
      component: tool.name,
      present: s.present,
      running: null,
      version: s.version ?? null,
      detail: s.present ? tool.binaries.map((b) => b.file).join(', ') : `wanted ${tool.version}: ${s.problem}`,
    });
  }
  components.push({
    component: 'kubernetes schemas',
    present: schemasPresent(),
    running: null,
    version: `v${KUBE_SCHEMA_VERSION}`,
    detail: `kubernetes-validate ${KUBE_SCHEMA_PACKAGE_VERSION} in ${p.schemaDir}`,
  });
  for (const spec of labImages()) {
    if (!engine) {
      components.push({ component: spec.name, present: false, running: null, version: null, detail: 'no engine' });
      continue;
    }
    const s = await imageState(spec);
    components.push({
      component: spec.name,
      present: s.present,
      running: null,
      version: s.id ? s.id.replace(/^sha256:/, '').slice(0, 12) : null,
      detail: `${s.present ? (s.upToDate ? 'up to date' : 'stale (sources changed)') : 'missing'}; from ${spec.source}`,
    });
  }
  const c = await clusterState();
  components.push({
    component: 'control plane',
    present: c.exists,
    running: c.ready,
    version: c.serverVersion ?? null,
    detail: c.ready
      ? `${c.server}, ${c.readyNodes}/${FAKE_NODES} Ready fake nodes, kubeconfig ${p.kubeconfig}${c.stale ? ' (stale)' : ''}`
      : c.exists
        ? `created but not answering; kubeconfig ${p.kubeconfig}`
        : `not created; kubeconfig will be ${p.kubeconfig}`,
  });
  // The kind set (`lab up --for kind`).
  const host = readState().kindHost;
  components.push({
    component: 'kind host probe',
    present: !!host,
    running: null,
    version: host ? `cgroup v${host.cgroupVersion}` : null,
    detail: !host
      ? 'not probed (lab up --for kind)'
      : host.privileged
        ? '--privileged works: no docker shim'
        : `--privileged fails (missing ${host.missingCaps.join(', ')}): docker shim ${kindShimPresent() ? 'in' : 'MISSING from'} ${p.kindShimDir}`,
  });
  const node = engine ? await kindNodeState() : { present: false, upToDate: false, id: undefined };
  components.push({
    component: KIND_NODE_IMAGE,
    present: node.present,
    running: null,
    version: node.id ? node.id.replace(/^sha256:/, '').slice(0, 12) : null,
    detail: node.present
      ? node.upToDate
        ? 'up to date; kind create cluster --image ' + KIND_NODE_IMAGE
        : 'stale (its inputs changed): lab up --for kind'
      : 'missing (lab up --for kind)',
  });
  return {
    cacheDir: p.cacheDir,
    binDir: p.binDir,
    kubeconfig: p.kubeconfig,
    schemaLocation: p.schemaLocation,
    components,
  };
}

export function statusTable(s: LabStatus): string {
  const yn = (b: boolean | null): string => (b === null ? '-' : b ? 'yes' : 'no');
  const rows = [
    ['COMPONENT', 'PRESENT', 'RUNNING', 'VERSION', 'DETAIL'],
    ...s.components.map((c) => [c.component, yn(c.present), yn(c.running), c.version ?? '-', c.detail]),
  ];
  const widths = [0, 1, 2, 3].map((i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
  const lines = rows.map((r) =>
    r
      .map((cell, i) => (i < 4 ? cell.padEnd(widths[i] ?? 0) : cell))
      .join('  ')
      .trimEnd(),
  );
  return [
    ...lines,
    '',
    `cache:      ${s.cacheDir}`,
    `kubeconfig: ${s.kubeconfig}`,
    `schemas:    ${s.schemaLocation}`,
  ].join('\n');
}

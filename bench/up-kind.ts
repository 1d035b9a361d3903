// `npm run bench -- up-kind`: `oh-env up kind` against the script a user would write with the same tools, on
// the same kind cluster with the same images (the demo environment, lab images and node image):
//   kind load docker-image <images>          (kind itself skips images the node has)
//   kubectl apply --server-side -f manifests.yaml -f secrets.yaml
//   kubectl rollout status / kubectl wait     for every workload, in dependency order
// cold (namespace empty; images and the ingress controller already on the cluster) and no-change (everything
// up), side by side in each run; plus the critical-path bound: the longest chain, along the dependency graph,
// of each pod's own start-to-ready time (main container started → Ready; a Job: → finished), read from the
// pods after the oh-env cold run (Kubernetes times have 1 s resolution). Cluster creation is timed once,
// separately: `oh-env up kind`'s cluster step against `kind create cluster` alone. Prints a Markdown table.
// Options: --runs N (default 3). Needs the lab's kind set: npm run lab -- up --for all.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { diskReader } from '../src/drivers/files.js';
import { freePort } from '../src/drivers/net.js';
import { loadModel } from '../src/model/load.js';
import { dependencyGraph } from '../src/model/graph.js';
import { ensureSecrets } from '../src/engine/secrets/source.js';
import { declaredSecrets } from '../src/engine/secrets/resolve.js';
import { kubeSecretObject } from '../src/engine/secrets/kube-secret.js';
import { renderKind } from '../src/render/kind/index.js';
import { selfSignedPair, tlsSecretObject } from '../src/targets/kube/tls.js';
import { imagesOf } from '../src/targets/kube/images.js';
import { creationConfig } from '../src/targets/kind/cluster.js';
import { kindObjects } from '../src/render/kind/index.js';
import { KIND_NODE_IMAGE, labBin, labEnv } from '../e2e/lab/index.js';

const ROOT = new URL('../', import.meta.url).pathname;
const { values } = parseArgs({ options: { runs: { type: 'string', default: '3' } } });
const runs = Number(values.runs);

const name = `bench-kind-${process.pid}`;
const dir = mkdtempSync(join(tmpdir(), `oh-env-${name}-`));
const [httpPort, httpsPort] = [await freePort(), await freePort()];
const procEnv: Record<string, string | undefined> = {
  ...process.env,
  ...labEnv(),
  KUBECONFIG: undefined,
  XDG_CONFIG_HOME: join(dir, 'config'),
  OH_ENV_KIND_NODE_IMAGE: KIND_NODE_IMAGE,
  OH_ENV_BUNDLE: '1',
};
const model = join(dir, 'oh-env.yaml');
writeFileSync(
  model,
  `apiVersion: oh-env.dev/v1alpha1
kind: Environment
extends: ${join(ROOT, 'fixtures/demo/oh-env.yaml')}
metadata:
  name: ${name}
targets:
  kind: { httpPort: ${httpPort}, httpsPort: ${httpsPort} }
`,
);
const env = loadModel({ cwd: dir, file: model, overlay: false }, diskReader).env;
const kubeconfig = join(dir, 'config', 'oh-env', name, 'kind.kubeconfig');

function sh(argv: readonly string[], opts: { env?: Record<string, string | undefined> } = {}): number {
  const t0 = performance.now();
  const r = spawnSync(argv[0]!, argv.slice(1), {
    cwd: dir,
    env: (opts.env ?? procEnv) as NodeJS.ProcessEnv,
    encoding: 'utf8',
  });
  const ms = performance.now() - t0;
  if (r.status !== 0) throw new Error(`${argv.join(' ')} failed (${r.status}):\n${r.stdout}\n${r.stderr}`);
  return ms;
}
const out = (argv: readonly string[]): string =>
  spawnSync(argv[0]!, argv.slice(1), { cwd: dir, env: procEnv as NodeJS.ProcessEnv, encoding: 'utf8' }).stdout;

const kubectl = [labBin('kubectl'), '--kubeconfig', kubeconfig, '-n', name];
const ohEnv = (cmd: string, ...more: string[]) => [
  process.execPath,
  join(ROOT, 'bin/oh-env.js'),
  cmd,
  'kind',
  '-f',
  model,
  '--no-overlay',
  '--progress',
  'plain',
  ...more,
];

// The script's inputs: the rendered manifests, and the Secrets a user would create with kubectl.
writeFileSync(join(dir, 'manifests.yaml'), renderKind({ env, sources: ['oh-env.yaml'] }).files[1]!.content);
const secrets = ensureSecrets(declaredSecrets(env), procEnv);
writeFileSync(
  join(dir, 'secrets.yaml'),
  [kubeSecretObject(env, 'kind', secrets.values), tlsSecretObject(env, 'kind', await selfSignedPair(env, procEnv))]
    .map((o) => JSON.stringify(o))
    .join('\n---\n'),
);
const images = imagesOf(kindObjects({ env, sources: [] }).objects);
const graph = dependencyGraph(env);
/** `kubectl rollout status` / `wait` per workload, dependencies first (the graph's layers, one command each). */
function scriptWaits(): string[][] {
  const done = new Set<string>();
  const layers: string[][] = [];
  while (done.size < graph.length) {
    const layer = graph.filter((n) => !done.has(n.name) && n.deps.every((d) => done.has(d.to))).map((n) => n.name);
    layer.forEach((n) => done.add(n));
    layers.push(layer);
  }
  const refs = (layer: string[], kind: 'job' | 'other') =>
    layer
      .map((n) => graph.find((g) => g.name === n)!)
      .filter((n) => (kind === 'job') === (n.kind === 'job'))
      .map((n) =>
        n.kind === 'job' ? `job/${n.name}` : n.name === 'postgres' ? 'statefulset/postgres' : `deployment/${n.name}`,
      );
  return layers.flatMap((layer) => {
    const jobs = refs(layer, 'job');
    const rest = refs(layer, 'other');
    return [
      ...(rest.length ? [[...kubectl, 'rollout', 'status', '--timeout=600s', ...rest]] : []),
      ...(jobs.length ? [[...kubectl, 'wait', '--for=condition=complete', '--timeout=600s', ...jobs]] : []),
    ];
  });
}
function script(): number {
  const t0 = performance.now();
  sh([labBin('kind'), 'load', 'docker-image', '--name', name, ...images]);
  sh([...kubectl, 'apply', '--server-side', '-f', join(dir, 'manifests.yaml'), '-f', join(dir, 'secrets.yaml')]);
  for (const w of scriptWaits()) sh(w);
  return performance.now() - t0;
}
const emptyNamespace = () => sh(ohEnv('down', '--volumes'));

/** Longest chain of own start→ready times along the graph, from the pods as they are now. */
function criticalPath(): { ms: number; chain: string[] } {
  type Pod = {
    metadata: { labels: Record<string, string> };
    status: {
      conditions?: { type: string; status: string; lastTransitionTime: string }[];
      containerStatuses?: {
        state: { running?: { startedAt: string }; terminated?: { startedAt: string; finishedAt: string } };
      }[];
    };
  };
  const pods = (JSON.parse(out([...kubectl, 'get', 'pods', '-o', 'json'])) as { items: Pod[] }).items;
  const own = new Map<string, number>();
  for (const p of pods) {
    const n = p.metadata.labels['app.kubernetes.io/name'];
    const c = p.status.containerStatuses?.[0]?.state;
    if (!n || !c) continue;
    const started = Date.parse(c.running?.startedAt ?? c.terminated?.startedAt ?? '');
    const ready = c.terminated
      ? Date.parse(c.terminated.finishedAt)
      : Date.parse(
          p.status.conditions?.find((x) => x.type === 'Ready' && x.status === 'True')?.lastTransitionTime ?? '',
        );
    if (Number.isFinite(started) && Number.isFinite(ready)) own.set(n, Math.max(0, ready - started));
  }
  const memo = new Map<string, { ms: number; chain: string[] }>();
  const finish = (n: string): { ms: number; chain: string[] } => {
    const m = memo.get(n);
    if (m) return m;
    const deps = graph.find((g) => g.name === n)!.deps.map((d) => finish(d.to));
    const longest = deps.reduce((a, b) => (b.ms > a.ms ? b : a), { ms: 0, chain: [] as string[] });
    const r = { ms: longest.ms + (own.get(n) ?? 0), chain: [...longest.chain, n] };
    memo.set(n, r);
    return r;
  };
  return graph.map((g) => finish(g.name)).reduce((a, b) => (b.ms > a.ms ? b : a));
}

/** A step's duration from plain progress output: "✔ kind cluster x (34.5 s)" or "(1m 5s)". */
function stepMs(text: string, title: string): number {
  const m = new RegExp(`✔ ${title}[^(]*\\((?:(\\d+)m )?([\\d.]+) ?s\\)`).exec(text);
  return m ? (Number(m[1] ?? 0) * 60 + Number(m[2])) * 1000 : NaN;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const r = {
  ohCold: [] as number[],
  ohSame: [] as number[],
  scCold: [] as number[],
  scSame: [] as number[],
  cp: [] as number[],
};
let chain: string[] = [];
let createOurs: number | undefined;
let createKind: number | undefined;
sh([process.execPath, join(ROOT, 'scripts/build.js')]);
try {
  // Cluster creation, once each: the cluster step of the first `oh-env up kind`, and `kind create cluster`
  // alone with the same config and node image (a cluster of its own, deleted again).
  const first = spawnSync(ohEnv('up')[0]!, ohEnv('up').slice(1), {
    cwd: dir,
    env: procEnv as NodeJS.ProcessEnv,
    encoding: 'utf8',
  });
  if (first.status !== 0) throw new Error(`first up failed:\n${first.stderr}`);
  createOurs = stepMs(first.stderr, 'kind cluster');
  const alone = `${name}-alone`;
  const cgroup = out(['docker', 'info', '--format', '{{.CgroupVersion}}']).trim();
  writeFileSync(
    join(dir, 'alone.yaml'),
    creationConfig(
      {
        ...env,
        targets: {
          ...env.targets,
          kind: { ...env.targets.kind, cluster: alone, httpPort: await freePort(), httpsPort: await freePort() },
        },
      },
      cgroup,
    ),
  );
  try {
    createKind = sh([
      labBin('kind'),
      'create',
      'cluster',
      '--name',
      alone,
      '--image',
      KIND_NODE_IMAGE,
      '--config',
      join(dir, 'alone.yaml'),
      '--kubeconfig',
      join(dir, 'alone.kubeconfig'),
      '--wait',
      '5m',
    ]);
  } finally {
    spawnSync(labBin('kind'), ['delete', 'cluster', '--name', alone, '--kubeconfig', join(dir, 'alone.kubeconfig')], {
      env: procEnv as NodeJS.ProcessEnv,
    });
  }
  for (let i = 0; i < runs; i++) {
    emptyNamespace();
    r.ohCold.push(sh(ohEnv('up')));
    const cp = criticalPath();
    r.cp.push(cp.ms);
    chain = cp.chain;
    r.ohSame.push(sh(ohEnv('up')));
    emptyNamespace();
    r.scCold.push(script());
    r.scSame.push(script());
    process.stderr.write(
      `run ${i + 1}/${runs}: oh-env ${r.ohCold[i]!.toFixed(0)} / ${r.ohSame[i]!.toFixed(0)} ms, script ${r.scCold[i]!.toFixed(0)} / ${r.scSame[i]!.toFixed(0)} ms, critical path ${cp.ms.toFixed(0)} ms\n`,
    );
  }
} finally {
  spawnSync(labBin('kind'), ['delete', 'cluster', '--name', name, '--kubeconfig', kubeconfig], {
    env: procEnv as NodeJS.ProcessEnv,
  });
  rmSync(dir, { recursive: true, force: true });
}
const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const oc = median(r.ohCold);
const sc = median(r.scCold);
const cp = median(r.cp);
process.stdout
  .write(`| case (median of ${runs}) | oh-env up kind | kind load + kubectl apply + waits | oh-env / script |
|---|---|---|---|
| cold (namespace empty) | ${s(oc)} | ${s(sc)} | ${(oc / sc).toFixed(2)} |
| no change | ${s(median(r.ohSame))} | ${s(median(r.scSame))} | ${(median(r.ohSame) / median(r.scSame)).toFixed(2)} |

Critical-path bound (cold, from pod times, 1 s resolution): ${s(cp)} along ${chain.join(' → ')}; oh-env cold / bound = ${(oc / cp).toFixed(2)}.
Cluster creation: oh-env up kind's cluster step ${s(createOurs ?? NaN)}; kind create cluster alone ${s(createKind ?? NaN)}.
`);

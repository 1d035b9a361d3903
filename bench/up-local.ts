// `npm run bench -- up-local`: `oh-env up local` against `docker compose up -d --wait` on the same rendered
// file (the demo environment, lab images), cold (no containers, no volumes) and warm (everything up, nothing
// changed), side by side in one run; plus the critical-path lower bound: the longest chain, along the
// dependency graph, of each container's own start-to-ready time (ready = healthy, or exited for a job),
// measured from the engine's container events during the oh-env cold run. Prints a Markdown table.
// Options: --runs N (default 3). Needs the lab images: npm run lab -- up --for demo.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { connectDocker } from '../src/drivers/docker/client.js';
import { freePort } from '../src/drivers/net.js';
import { followProjectEvents, type DockerContainerEvent as ContainerEvent } from '../src/drivers/docker/events.js';
import { diskReader } from '../src/drivers/files.js';
import { loadModel } from '../src/model/load.js';
import { composeProject, type ComposeProject } from '../src/render/local/compose-project.js';
import { renderLocal } from '../src/render/local/index.js';
import { ensureSecrets } from '../src/targets/local/secrets.js';

const ROOT = new URL('../', import.meta.url).pathname;
const { values } = parseArgs({ options: { runs: { type: 'string', default: '3' } } });
const runs = Number(values.runs);

const name = `bench-up-${process.pid}`;
const dir = mkdtempSync(join(tmpdir(), `oh-env-${name}-`));
const port = await freePort();
const procEnv = { ...process.env, XDG_CONFIG_HOME: join(dir, 'config') };
writeFileSync(
  join(dir, 'oh-env.yaml'),
  `apiVersion: oh-env.dev/v1alpha1
kind: Environment
extends: ${join(ROOT, 'fixtures/demo/oh-env.yaml')}
metadata:
  name: ${name}
services:
  app:
    ports:
      - { name: http, port: 3000, publish: ${port} }
`,
);
const env = loadModel({ cwd: dir, file: join(dir, 'oh-env.yaml'), overlay: false }, diskReader).env;
const project = composeProject(env);
const file = join(dir, 'docker-compose.yml');
writeFileSync(file, renderLocal({ env, sources: ['oh-env.yaml'] }).files[0]!.content);
const secrets = ensureSecrets(project, procEnv);
const composeArgv = (() => {
  const r = spawnSync('docker', ['compose', 'version'], { encoding: 'utf8' });
  return r.status === 0
    ? ['docker', 'compose']
    : [join(process.env.OH_ENV_LAB_CACHE ?? join(process.env.HOME ?? '', '.cache/oh-env'), 'bin/docker-compose')];
})();

function sh(argv: readonly string[], opts: { cwd?: string } = {}): number {
  const t0 = performance.now();
  const r = spawnSync(argv[0]!, argv.slice(1), { cwd: opts.cwd ?? dir, env: procEnv, encoding: 'utf8' });
  const ms = performance.now() - t0;
  if (r.status !== 0) throw new Error(`${argv.join(' ')} failed (${r.status}):\n${r.stdout}\n${r.stderr}`);
  return ms;
}

function clean(): void {
  const label = `label=com.docker.compose.project=${project.name}`;
  const list = (args: string[]) =>
    execFileSync('docker', [...args, '--filter', label], { encoding: 'utf8' })
      .split('\n')
      .filter(Boolean);
  const cs = list(['ps', '-aq']);
  if (cs.length) execFileSync('docker', ['rm', '-f', '-v', ...cs]);
  const ns = list(['network', 'ls', '-q']);
  if (ns.length) execFileSync('docker', ['network', 'rm', ...ns]);
  const vs = list(['volume', 'ls', '-q']);
  if (vs.length) execFileSync('docker', ['volume', 'rm', '-f', ...vs]);
}

const ohEnv = ['node', join(ROOT, 'bin/oh-env.js'), 'up', 'local', '-f', join(dir, 'oh-env.yaml'), '--no-overlay'];
const composeUp = [...composeArgv, '-f', file, '--env-file', secrets.path, 'up', '-d', '--wait'];

/** Longest chain of own start→ready durations along the dependency graph, from recorded events. */
function criticalPath(p: ComposeProject, events: readonly ContainerEvent[]): { ms: number; chain: string[] } {
  const first = (service: string, test: (e: ContainerEvent) => boolean) =>
    events.find((e) => e.service === service && test(e))?.timeNano;
  const own = new Map<string, number>();
  for (const s of p.services) {
    const start = first(s.name, (e) => e.action === 'start');
    const ready =
      s.kind === 'job'
        ? first(s.name, (e) => e.action === 'die')
        : s.healthcheck
          ? first(s.name, (e) => e.action === 'health_status' && e.health === 'healthy')
          : start;
    if (start === undefined || ready === undefined) throw new Error(`no events for ${s.name}`);
    own.set(s.name, (ready - start) / 1e6);
  }
  const memo = new Map<string, { ms: number; chain: string[] }>();
  const finish = (n: string): { ms: number; chain: string[] } => {
    const m = memo.get(n);
    if (m) return m;
    const s = p.services.find((x) => x.name === n)!;
    const deps = Object.keys(s.dependsOn).map(finish);
    const longest = deps.reduce((a, b) => (b.ms > a.ms ? b : a), { ms: 0, chain: [] as string[] });
    const r = { ms: longest.ms + own.get(n)!, chain: [...longest.chain, n] };
    memo.set(n, r);
    return r;
  };
  return p.services.map((s) => finish(s.name)).reduce((a, b) => (b.ms > a.ms ? b : a));
}

const client = await connectDocker(procEnv);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const results = {
  ohCold: [] as number[],
  ohWarm: [] as number[],
  coCold: [] as number[],
  coWarm: [] as number[],
  cp: [] as number[],
};
let chain: string[] = [];
try {
  clean();
  for (let i = 0; i < runs; i++) {
    const events: ContainerEvent[] = [];
    const stream = await followProjectEvents(client, project.name, (e) => events.push(e));
    results.ohCold.push(sh(ohEnv));
    // The engine may deliver the last health event just after the CLI has seen it.
    for (let t = 0; t < 40 && !events.some((e) => e.service === 'app' && e.health === 'healthy'); t++)
      await new Promise((r) => setTimeout(r, 50));
    stream.close();
    const cp = criticalPath(project, events);
    results.cp.push(cp.ms);
    chain = cp.chain;
    results.ohWarm.push(sh(ohEnv));
    clean();
    results.coCold.push(sh(composeUp));
    results.coWarm.push(sh(composeUp));
    clean();
    process.stderr.write(
      `run ${i + 1}/${runs}: oh-env ${results.ohCold[i]!.toFixed(0)} / ${results.ohWarm[i]!.toFixed(0)} ms, compose ${results.coCold[i]!.toFixed(0)} / ${results.coWarm[i]!.toFixed(0)} ms, critical path ${cp.ms.toFixed(0)} ms\n`,
    );
  }
} finally {
  clean();
  rmSync(dir, { recursive: true, force: true });
}
const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const oc = median(results.ohCold);
const cc = median(results.coCold);
const cp = median(results.cp);
process.stdout.write(`| case (median of ${runs}) | oh-env up local | docker compose up -d --wait | oh-env / compose |
|---|---|---|---|
| cold (no containers, no volumes) | ${s(oc)} | ${s(cc)} | ${(oc / cc).toFixed(2)} |
| warm (all up, nothing changed) | ${s(median(results.ohWarm))} | ${s(median(results.coWarm))} | ${(median(results.ohWarm) / median(results.coWarm)).toFixed(2)} |

Critical-path lower bound (cold, from container events): ${s(cp)} along ${chain.join(' → ')}; oh-env cold / lower bound = ${(oc / cp).toFixed(2)}.
`);

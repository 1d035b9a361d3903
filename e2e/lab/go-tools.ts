// Go-built upstream tools in <cache>/bin. A tool is present when each of its binaries exists and its Go build
// info (`go version -m`) names the expected main package, module and version (plus, where the recipe stamps
// a version, the binary's own version output). Otherwise the recipe in versions.ts runs, one build at a time.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { must, probe, StepError } from './exec.js';
import { labPaths } from './paths.js';
import type { StepContext } from './runner.js';
import { which } from './state.js';
import { GO_BUILD_ENV, type GoTool } from './versions.js';

/** The go command: PATH first, then the standard install location. */
export function goBinary(): string | undefined {
  return which('go', ['/usr/local/go/bin']);
}

export interface BuildInfo {
  readonly path: string;
  readonly module: string;
  readonly version: string;
  /** Module → version of every dependency the binary was linked with. */
  readonly deps: ReadonlyMap<string, string>;
}

export async function buildInfo(file: string): Promise<BuildInfo | undefined> {
  const go = goBinary();
  if (!go || !existsSync(file)) return undefined;
  const out = await probe(go, ['version', '-m', file]);
  if (!out) return undefined;
  const path = /^\s+path\s+(\S+)/m.exec(out)?.[1];
  const mod = /^\s+mod\s+(\S+)\s+(\S+)/m.exec(out);
  if (!path || !mod?.[1] || !mod[2]) return undefined;
  const deps = new Map([...out.matchAll(/^\s+dep\s+(\S+)\s+(\S+)/gm)].map((d) => [d[1] ?? '', d[2] ?? '']));
  return { path, module: mod[1], version: mod[2], deps };
}

/** The directory of a `source` recipe (a Go module in e2e/lab). */
export const sourceDir = (dir: string): string => fileURLToPath(new URL(`./${dir}/`, import.meta.url));

/** Hash of a source module's files (go.mod, go.sum, *.go): what its binary is stamped with. */
export function sourceHash(dir: string): string {
  const h = createHash('sha256');
  const files = readdirSync(dir)
    .filter((f) => /^go\.(mod|sum)$|\.go$/.test(f) && !f.endsWith('_test.go'))
    .sort();
  for (const f of files) h.update(`${f}\n`).update(readFileSync(join(dir, f)));
  return h.digest('hex').slice(0, 16);
}

export interface ToolState {
  readonly present: boolean;
  /** Version the binaries report (first binary), if any. */
  readonly version?: string;
  /** Why it is not present. */
  readonly problem?: string;
}

/** Why one binary of the tool is not the wanted build, or undefined when it is. */
async function binaryProblem(tool: GoTool, b: GoTool['binaries'][number]): Promise<ToolState | undefined> {
  const file = join(labPaths().binDir, b.file);
  if (!existsSync(file)) return { present: false, problem: `${b.file} missing` };
  const info = await buildInfo(file);
  if (!info) return { present: false, problem: `${b.file}: no Go build info (is go on PATH?)` };
  if (tool.recipe.kind === 'source') {
    // The main module of a source build is (devel): the recorded dependency and the source stamp identify it.
    const dep = info.deps.get(tool.module);
    if (info.path !== b.path || dep !== tool.version)
      return {
        present: false,
        version: dep,
        problem: `${b.file} is ${info.path} with ${tool.module} ${dep ?? 'none'}`,
      };
    const stamp = sourceHash(sourceDir(tool.recipe.dir));
    const out = await probe(file, ['--version'], { timeoutMs: 20_000 });
    if (!out?.includes(stamp))
      return { present: false, version: dep, problem: `${b.file} is not built from its source` };
    return undefined;
  }
  if (info.path !== b.path || info.module !== tool.module || info.version !== tool.version) {
    return { present: false, version: info.version, problem: `${b.file} is ${info.module} ${info.version}` };
  }
  return undefined;
}

export async function toolState(tool: GoTool): Promise<ToolState> {
  const { binDir } = labPaths();
  for (const b of tool.binaries) {
    const problem = await binaryProblem(tool, b);
    if (problem) return problem;
  }
  const version = tool.binaries.length > 0 ? tool.version : undefined;
  if (tool.versionCheck) {
    const { file, args, contains } = tool.versionCheck;
    const out = await probe(join(binDir, file), args, { timeoutMs: 20_000 });
    if (!out?.includes(contains)) return { present: false, version, problem: `${file} ${args.join(' ')}: ${out}` };
  }
  return { present: true, version };
}

const goEnv = (): Record<string, string> => ({ GOBIN: labPaths().binDir, ...GO_BUILD_ENV });

const HINT =
  'the Go module proxy must be reachable and `go` must be Go 1.26+ (GOTOOLCHAIN=local); ' +
  'the full output is in the log. Rerunning continues with the Go caches already filled';

/** Builds the tool when it is not present; returns what happened. */
export async function ensureGoTool(tool: GoTool, ctx: StepContext): Promise<string> {
  const before = await toolState(tool);
  if (before.present) return `${tool.version} present`;
  if (before.problem) ctx.note(`building: ${before.problem}`);
  const go = goBinary();
  if (!go) {
    throw new StepError(
      'go is not installed',
      'go version',
      [],
      'install Go 1.26+ (the lab builds its tools from the Go module proxy)',
    );
  }
  const { binDir, buildDir } = labPaths();
  mkdirSync(binDir, { recursive: true });
  const env = goEnv();
  const opts = { env, log: ctx.log, verbose: ctx.verbose, hint: HINT, timeoutMs: 60 * 60_000 };
  const r = tool.recipe;
  if (r.kind === 'source') {
    await buildSource(go, tool, r, opts);
  } else if (r.kind === 'install') {
    await must(go, ['install', ...r.packages.map((p) => `${p}@${tool.version}`)], {
      ...opts,
      what: `go install ${tool.name}`,
    });
  } else {
    const name = /^module\s+\S+\/(\S+)$/m.exec(r.goMod)?.[1] ?? tool.name;
    const dir = join(buildDir, name);
    mkdirSync(dir, { recursive: true });
    rmSync(join(dir, 'go.sum'), { force: true });
    writeFileSync(join(dir, 'go.mod'), r.goMod);
    const inDir = { ...opts, cwd: dir };
    if (r.stagingOf) {
      const replaces = await stagingReplaces(go, r.stagingOf.module, tool.version, { ...opts, cwd: buildDir });
      ctx.note(`${replaces.length} staging modules of ${r.stagingOf.module} → ${r.stagingOf.stagingVersion}`);
      await must(go, ['mod', 'edit', ...replaces.map((m) => `-replace=${m}=${m}@${r.stagingOf?.stagingVersion}`)], {
        ...inDir,
        what: 'go mod edit',
      });
    }
    // Several binaries of one module (bin-dir): build only those not already there at this version, so the
    // kind set's kubelet, kubeadm and kube-proxy do not relink the control plane's binaries (one go build).
    const packages = r.output === 'bin-dir' ? await packagesToBuild(tool, r.packages) : r.packages;
    await must(go, ['get', '-tool', ...packages.map((p) => `${p}@${tool.version}`)], {
      ...inDir,
      what: `go get -tool (${tool.name})`,
    });
    const output = r.output === 'bin-dir' ? `${binDir}/` : join(binDir, r.output.file);
    const slow = r.stagingOf ? ' (cold on 2 cores: 10-25 min; with a warm Go build cache: under a minute)' : '';
    ctx.note(`go build ${packages.join(' ')}${slow}`);
    await must(go, ['build', '-ldflags', r.ldflags, '-o', output, ...packages], {
      ...inDir,
      what: `go build ${tool.name}`,
    });
  }
  const after = await toolState(tool);
  if (!after.present) {
    throw new StepError(
      `${tool.name} built but does not report ${tool.module} ${tool.version}: ${after.problem}`,
      `go version -m ${join(binDir, tool.binaries[0]?.file ?? '')}`,
      [],
      'check the recipe in e2e/lab/versions.ts',
    );
  }
  return `${tool.version} built`;
}

/** `go build` of a Go module of this repository, after checking its go.mod requires the recorded dependency. */
async function buildSource(
  go: string,
  tool: GoTool,
  r: Extract<GoTool['recipe'], { kind: 'source' }>,
  opts: Parameters<typeof must>[2],
): Promise<void> {
  const dir = sourceDir(r.dir);
  const mod = await must(go, ['mod', 'edit', '-json'], { ...opts, cwd: dir, what: `go mod edit -json (${tool.name})` });
  const required = (JSON.parse(mod.stdout) as { Require?: { Path: string; Version: string }[] }).Require ?? [];
  const have = required.find((q) => q.Path === tool.module)?.Version;
  if (have !== tool.version) {
    throw new StepError(
      `e2e/lab/${r.dir}/go.mod requires ${tool.module} ${have ?? '(nothing)'}, versions.ts records ${tool.version}`,
      `cd e2e/lab/${r.dir} && go get ${tool.module}@${tool.version} && go mod tidy`,
      [],
      'one version per component: update the go.mod (and go.sum) to the version in e2e/lab/versions.ts',
    );
  }
  const ldflags = `-s -w -X main.version=${sourceHash(dir)}`;
  await must(go, ['build', '-mod=readonly', '-ldflags', ldflags, '-o', join(labPaths().binDir, r.output.file), '.'], {
    ...opts,
    cwd: dir,
    what: `go build ${tool.name}`,
  });
}

/** The packages whose binary is missing or another build; all of them when the version check failed. */
async function packagesToBuild(tool: GoTool, packages: readonly string[]): Promise<readonly string[]> {
  const missing: string[] = [];
  for (const b of tool.binaries) if (await binaryProblem(tool, b)) missing.push(b.path);
  const wanted = packages.filter((p) => missing.includes(p));
  return wanted.length > 0 ? wanted : packages;
}

/** The modules k8s.io/kubernetes requires at v0.0.0 (its staging repos), read from its go.mod. */
async function stagingReplaces(
  go: string,
  module: string,
  version: string,
  opts: Parameters<typeof must>[2],
): Promise<string[]> {
  const r = await must(go, ['mod', 'download', '-json', `${module}@${version}`], {
    ...opts,
    what: `go mod download ${module}@${version}`,
  });
  const goMod = (JSON.parse(r.stdout) as { GoMod?: string }).GoMod;
  if (!goMod) throw new StepError(`no go.mod for ${module}@${version}`, undefined, r.tail);
  const text = readFileSync(goMod, 'utf8');
  const mods = new Set<string>();
  // [ \t], not \s: a \s could run on into the next line and swallow the module required there.
  for (const m of text.matchAll(/^[ \t]+(k8s\.io\/\S+) v0\.0\.0([ \t].*)?$/gm)) if (m[1]) mods.add(m[1]);
  return [...mods].sort();
}

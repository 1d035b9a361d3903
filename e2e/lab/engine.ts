// The Docker engine: the one that answers if there is one (a developer's machine); otherwise, as root on
// Debian, Debian's docker.io is installed and dockerd is started in the background (log and pidfile in the
// lab dir), and the lab waits until `docker version` answers. `lab down` stops that dockerd, never another.
import { spawn } from 'node:child_process';
import { closeSync, copyFileSync, chmodSync, existsSync, mkdirSync, openSync, readFileSync, renameSync } from 'node:fs';
import { dirname } from 'node:path';
import { must, probe, run, StepError } from './exec.js';
import { labPaths } from './paths.js';
import type { StepContext } from './runner.js';
import { hasApt, isRoot, processRuns, readState, updateState, which } from './state.js';
import { GO_TOOLS } from './versions.js';

/** The engine's version, or undefined when no engine answers. */
export async function engineVersion(): Promise<string | undefined> {
  if (!which('docker')) return undefined;
  return probe('docker', ['version', '--format', '{{.Server.Version}}'], { timeoutMs: 15_000 });
}

let aptUpdated = false;

/** apt-get install (root on Debian only); the hint says what to do elsewhere. */
export async function aptInstall(packages: readonly string[], ctx: StepContext, why: string): Promise<void> {
  if (!isRoot() || !hasApt()) {
    throw new StepError(
      `${packages.join(', ')} missing (${why})`,
      `sudo apt-get install -y ${packages.join(' ')}`,
      [],
      'the lab installs packages itself only as root on Debian/Ubuntu; install them with your package manager, then rerun',
    );
  }
  const env = { DEBIAN_FRONTEND: 'noninteractive' };
  if (!aptUpdated) {
    ctx.note('apt-get update');
    await must('apt-get', ['update'], { env, log: ctx.log, what: 'apt-get update', timeoutMs: 600_000 });
    aptUpdated = true;
  }
  ctx.note(`apt-get install ${packages.join(' ')}`);
  await must('apt-get', ['install', '-y', ...packages], {
    env,
    log: ctx.log,
    what: `apt-get install ${packages.join(' ')}`,
    timeoutMs: 900_000,
    hint: "Debian's package archive must be reachable; check /etc/apt/sources.list.d and `apt-get update`",
  });
}

/** The dockerd the lab started, if it still runs. */
export function labDockerd(): number | undefined {
  const pid = readState().dockerd?.pid;
  return pid !== undefined && processRuns(pid, 'dockerd') ? pid : undefined;
}

export async function ensureEngine(ctx: StepContext): Promise<string> {
  const version = await engineVersion();
  if (version) {
    const pid = labDockerd();
    return pid ? `engine ${version} answers (dockerd pid ${pid}, started by the lab)` : `engine ${version} answers`;
  }
  if (process.env.DOCKER_HOST) {
    throw new StepError(
      `DOCKER_HOST=${process.env.DOCKER_HOST} is set but no engine answers there`,
      'docker version',
      (await run('docker', ['version'], { timeoutMs: 15_000 })).tail,
      'start that engine, or unset DOCKER_HOST to let the lab start a local dockerd',
    );
  }
  if (!which('dockerd') || !which('docker')) await aptInstall(['docker.io'], ctx, 'the Docker engine and CLI');
  // The package's own init script may have started it.
  const afterInstall = await engineVersion();
  if (afterInstall) return `engine ${afterInstall} answers (started by the docker.io package)`;
  if (!isRoot()) {
    throw new StepError(
      'no Docker engine answers and the lab can start dockerd only as root',
      'sudo dockerd',
      [],
      'start Docker (e.g. `sudo systemctl start docker`) or add your user to the docker group, then rerun',
    );
  }
  const pid = startDockerd();
  ctx.note(`started dockerd (pid ${pid}, log ${labPaths().dockerdLog})`);
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    const v = await engineVersion();
    if (v) return `engine ${v} answers (dockerd pid ${pid}, started by the lab)`;
    if (!processRuns(pid, 'dockerd')) break;
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new StepError(
    processRuns(pid, 'dockerd') ? 'dockerd started but does not answer after 120 s' : 'dockerd exited',
    ['dockerd', ...dockerdArgs()].join(' '),
    tailOf(labPaths().dockerdLog),
    'read the dockerd log; a stale /var/run/docker.pid or another engine on /var/run/docker.sock are common causes',
  );
}

/** dockerd's flags; $OH_ENV_LAB_DOCKERD_FLAGS adds some (e.g. --data-root, or --bridge=none beside another engine). */
const dockerdArgs = (): string[] => [
  '--pidfile',
  labPaths().dockerdPidfile,
  ...(process.env.OH_ENV_LAB_DOCKERD_FLAGS ?? '').split(/\s+/).filter(Boolean),
];

function startDockerd(): number {
  const p = labPaths();
  mkdirSync(dirname(p.dockerdLog), { recursive: true });
  const fd = openSync(p.dockerdLog, 'a');
  const child = spawn('dockerd', dockerdArgs(), {
    detached: true,
    stdio: ['ignore', fd, fd],
  });
  closeSync(fd);
  child.unref();
  const pid = child.pid;
  if (pid === undefined) throw new StepError('dockerd could not be started', 'dockerd', [], 'is dockerd on PATH?');
  updateState((s) => {
    s.dockerd = { pid, startedAt: new Date().toISOString() };
  });
  return pid;
}

/** Stops the dockerd the lab started (SIGTERM, then waits); an engine the lab did not start is left alone. */
export async function stopLabDockerd(): Promise<string> {
  const pid = labDockerd();
  if (!pid) {
    updateState((s) => delete s.dockerd);
    return 'left alone (the lab did not start the running engine)';
  }
  process.kill(pid, 'SIGTERM');
  const deadline = Date.now() + 60_000;
  while (processRuns(pid, 'dockerd') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 250));
  if (processRuns(pid, 'dockerd')) return `dockerd pid ${pid} still stopping after 60 s`;
  updateState((s) => delete s.dockerd);
  return `stopped dockerd pid ${pid}`;
}

export function tailOf(file: string, lines = 30): string[] {
  try {
    return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines);
  } catch {
    return [];
  }
}

/** `docker compose version --short`, or undefined. */
export const composeVersion = (): Promise<string | undefined> =>
  probe('docker', ['compose', 'version', '--short'], { timeoutMs: 15_000 });

const major = (v: string | undefined): number => Number(/^v?(\d+)/.exec(v ?? '')?.[1] ?? 0);

/**
 * Installs the lab's docker-compose as the docker CLI plugin, unless a Compose v2+ is already there that the
 * lab did not install (a developer's Docker Desktop or distribution package is left alone).
 */
export async function ensureComposePlugin(ctx: StepContext): Promise<string> {
  const p = labPaths();
  const ours = GO_TOOLS.compose.version.replace(/^v/, '');
  const current = await composeVersion();
  const installed = readState().composePlugin;
  const installedByLab = installed?.path === p.composePlugin && existsSync(p.composePlugin);
  if (current && current.replace(/^v/, '') === ours) return `docker compose ${current}`;
  if (current && major(current) >= 2 && !installedByLab) return `docker compose ${current} (not the lab's; left alone)`;
  const src = `${p.binDir}/docker-compose`;
  if (!existsSync(src)) throw new StepError(`${src} is missing`, undefined, [], 'run `npm run lab -- up` to build it');
  mkdirSync(dirname(p.composePlugin), { recursive: true });
  const tmp = `${p.composePlugin}.${process.pid}.tmp`;
  copyFileSync(src, tmp);
  chmodSync(tmp, 0o755);
  renameSync(tmp, p.composePlugin);
  updateState((s) => {
    s.composePlugin = { path: p.composePlugin, version: GO_TOOLS.compose.version };
  });
  const now = await composeVersion();
  if (!now || major(now) < 2) {
    throw new StepError(
      `docker compose does not report v2+ after installing ${p.composePlugin}`,
      'docker compose version',
      (await run('docker', ['compose', 'version'])).tail,
      'an older docker CLI may not load plugins from this directory; try $DOCKER_CONFIG/cli-plugins',
    );
  }
  ctx.note(`installed ${p.composePlugin}`);
  return `docker compose ${now} (installed)`;
}

/** Starts the engine when needed and returns a one-line summary (used by status). */
export async function engineSummary(): Promise<{ version?: string; pid?: number; composeVersion?: string }> {
  const version = await engineVersion();
  return {
    version,
    pid: labDockerd(),
    composeVersion: version ? await composeVersion() : undefined,
  };
}

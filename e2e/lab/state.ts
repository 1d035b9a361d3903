// What the lab started or installed itself (so `down` stops only that), kept in <cache>/lab/state.json,
// plus small helpers shared by the steps.
import { accessSync, constants, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { basename, delimiter, dirname, join } from 'node:path';
import { labPaths } from './paths.js';

export interface LabState {
  /** A dockerd the lab started (none when the engine was already reachable). */
  dockerd?: { pid: number; startedAt: string };
  /** The compose plugin file the lab installed, and from which version. */
  composePlugin?: { path: string; version: string };
  /** The control plane the lab created, and from which versions (a change recreates it). */
  cluster?: { name: string; kubeVersion: string; kwokVersion: string; createdAt: string };
  /** What the last kind host probe found (`lab up --for kind`): see kind-host.ts. */
  kindHost?: { privileged: boolean; missingCaps: string[]; cgroupVersion: 1 | 2; probedAt: string };
}

export function readState(): LabState {
  try {
    return JSON.parse(readFileSync(labPaths().stateFile, 'utf8')) as LabState;
  } catch {
    return {};
  }
}

export function updateState(change: (s: LabState) => void): LabState {
  const s = readState();
  change(s);
  writeFileAtomic(labPaths().stateFile, `${JSON.stringify(s, null, 2)}\n`);
  return s;
}

export function writeFileAtomic(path: string, content: string | Buffer): void {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, content);
  renameSync(tmp, path);
}

/** The first executable of that name on PATH (plus extra dirs), or undefined. */
export function which(name: string, extraDirs: readonly string[] = []): string | undefined {
  const dirs = [...(process.env.PATH ?? '').split(delimiter).filter(Boolean), ...extraDirs];
  for (const d of dirs) {
    const p = join(d, name);
    try {
      accessSync(p, constants.X_OK);
      return p;
    } catch {
      // not here
    }
  }
  return undefined;
}

/** Whether a process with this pid runs the program `name` (so a reused pid is never taken for it). */
export function processRuns(pid: number, name: string): boolean {
  try {
    const [arg0 = ''] = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
    return basename(arg0) === name;
  } catch {
    return false;
  }
}

export const isRoot = (): boolean => process.getuid?.() === 0;
export const hasApt = (): boolean => existsSync('/usr/bin/apt-get');

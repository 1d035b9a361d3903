// A document's commands run as one shell session, the way a reader types them one after another: each in
// bash, with the variables and working directory the previous ones left (`eval "$(npm run -s lab -- env)"`
// puts the lab tools on PATH for the next block). Long-running commands run in a process group of their own
// so Ctrl-C (SIGINT) reaches everything they started; dashboards run on a real terminal (tmux).
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { terminal } from '../tui/tmux.js';
import type { LongRunning } from './rules.js';

export interface Session {
  cwd: string;
  env: Record<string, string>;
  /** Where each command leaves its environment for the next one. */
  readonly stateFile: string;
}

export interface Outcome {
  readonly exitCode: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

// Variables bash sets by itself: not part of what a command leaves for the next one.
const SHELL_OWN = new Set(['PWD', 'OLDPWD', 'SHLVL', '_', '__OH_DOC_STATE']);

function spawnBash(s: Session, script: string, detached: boolean): ChildProcess {
  return spawn('bash', ['-c', script], {
    cwd: s.cwd,
    env: { ...s.env, __OH_DOC_STATE: s.stateFile },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached,
  });
}

function collect(child: ChildProcess): { out: { stdout: string; stderr: string }; done: Promise<Outcome> } {
  const out = { stdout: '', stderr: '' };
  child.stdout!.on('data', (b: Buffer) => (out.stdout += b.toString()));
  child.stderr!.on('data', (b: Buffer) => (out.stderr += b.toString()));
  const done = new Promise<Outcome>((resolve) =>
    child.on('close', (exitCode, signal) => resolve({ exitCode, signal, ...out })),
  );
  return { out, done };
}

/** Runs one command to its end (killed after `timeoutMs`) and keeps what it exported and where it cd'd. */
export async function runToEnd(s: Session, command: string, timeoutMs: number): Promise<Outcome> {
  rmSync(s.stateFile, { force: true });
  const child = spawnBash(s, `${command}\n__oh_rc=$?\nenv -0 > "$__OH_DOC_STATE"\nexit $__oh_rc`, true);
  const { done } = collect(child);
  const timer = setTimeout(() => process.kill(-child.pid!, 'SIGKILL'), timeoutMs);
  const outcome = await done.finally(() => clearTimeout(timer));
  // A command that ends the shell itself (exec, exit) leaves no state: the session stays as it was.
  if (outcome.exitCode === 0 && existsSync(s.stateFile)) {
    const vars = readFileSync(s.stateFile, 'utf8').split('\0').filter(Boolean);
    const next: Record<string, string> = {};
    for (const v of vars) {
      const at = v.indexOf('=');
      const name = v.slice(0, at);
      if (!SHELL_OWN.has(name)) next[name] = v.slice(at + 1);
    }
    const pwd = vars.find((v) => v.startsWith('PWD='))?.slice(4);
    if (pwd) s.cwd = pwd;
    s.env = next;
  }
  return outcome;
}

export interface Running {
  readonly command: string;
  /** Sends SIGINT to the command's process group and waits for it to end (SIGKILL after `graceMs`). */
  stop(graceMs?: number): Promise<Outcome & { stoppedInTime: boolean }>;
}

/**
 * Starts a long-running command and resolves once `rule.ready` accepts what it printed. Rejects when it ends
 * before that, or after `timeoutMs`, with its output.
 */
export async function startLong(s: Session, command: string, rule: LongRunning, timeoutMs: number): Promise<Running> {
  const child = spawnBash(s, command, true);
  const { out, done } = collect(child);
  let ended: Outcome | undefined;
  void done.then((o) => (ended = o));
  const stop = async (graceMs = 30_000) => {
    if (!ended) process.kill(-child.pid!, 'SIGINT');
    let stoppedInTime = true;
    const timer = setTimeout(() => {
      stoppedInTime = false;
      process.kill(-child.pid!, 'SIGKILL');
    }, graceMs);
    const o = await done.finally(() => clearTimeout(timer));
    return { ...o, stoppedInTime };
  };
  const t0 = Date.now();
  for (;;) {
    if (ended) throw new Error(`\`${command}\` ended (exit ${ended.exitCode}) before ${rule.what}:\n${show(ended)}`);
    if (await rule.ready({ ...out, cwd: s.cwd })) return { command, stop };
    if (Date.now() - t0 > timeoutMs) {
      const o = await stop(5_000);
      throw new Error(`\`${command}\` showed no ${rule.what} within ${timeoutMs} ms:\n${show(o)}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** A dashboard on a 100×32 terminal: waits for the header to say ready/done, quits with q, returns the screens. */
export async function runDashboard(
  s: Session,
  command: string,
  timeoutMs: number,
): Promise<{ ready: string[]; end: string[] }> {
  // CI='' because a CI variable turns the dashboard into plain lines, and the dashboard is what the doc shows.
  const term = await terminal(command, { cwd: s.cwd, env: { ...s.env, CI: '' }, columns: 100, rows: 32 });
  try {
    const ready = await term.waitFor(
      'the dashboard header to say ready or done',
      (ls) => /^oh-env (status|up) .*(● ready|✔ done)/.test(ls[0] ?? ''),
      timeoutMs,
    );
    await term.keys('q');
    const end = await term.waitFor('the exit status after q', (ls) => ls.some((l) => l.startsWith('EXIT=')), 15_000);
    return { ready, end };
  } finally {
    await term.close();
  }
}

/** The last lines of a command's output, for a failure message. */
export function show(o: { stdout: string; stderr: string }): string {
  const tail = (t: string) => t.trimEnd().split('\n').slice(-30).join('\n');
  return `--- stdout\n${tail(o.stdout)}\n--- stderr\n${tail(o.stderr)}`;
}

// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[[0-9;?]*[A-Za-z]/g;

/**
 * The lines a transcript shows must appear in the output, in that order (each as part of a line); a line that
 * is "..." or "…" ends what the document promises.
 */
export function missingOutput(shown: readonly string[], o: { stdout: string; stderr: string }): string | undefined {
  const lines = `${o.stdout}\n${o.stderr}`.replace(ANSI, '').split('\n');
  let at = 0;
  for (const want of shown) {
    const w = want.trim();
    if (w === '...' || w === '…') return undefined;
    if (!w) continue;
    const found = lines.findIndex((l, i) => i >= at && l.includes(w));
    if (found < 0) return w;
    at = found + 1;
  }
  return undefined;
}

export const stateFileIn = (dir: string): string => join(dir, 'shell-state');

// Running the commands of a lab step: output goes to a log file and a rolling tail (for the error message),
// long commands print a heartbeat, and a failure becomes a StepError that names the command so it can be
// copied and run by hand.
import { spawn } from 'node:child_process';
import { createWriteStream, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';

export interface RunOptions {
  readonly cwd?: string;
  /** Extra variables (merged over process.env) — shown in the copy-pasteable command. */
  readonly env?: Readonly<Record<string, string>>;
  /** Variables set without being shown (e.g. PATH with the lab's bin dir). */
  readonly hiddenEnv?: Readonly<Record<string, string>>;
  readonly timeoutMs?: number;
  /** Appended to (the step's log). */
  readonly log?: string;
  /** Print "… still running" every this many ms (default 60 s). */
  readonly heartbeatMs?: number;
  /** What the command does, for the heartbeat. */
  readonly what?: string;
  readonly hint?: string;
  /** Fed to stdin. */
  readonly input?: string;
  /** Stream output to stderr as it comes (lab up --verbose). */
  readonly verbose?: boolean;
}

export interface RunResult {
  readonly code: number;
  readonly stdout: string;
  /** stdout and stderr interleaved, last lines only. */
  readonly tail: string[];
}

const TAIL_LINES = 40;

/** A failed lab step: what failed, how to run it by hand, what it printed and what to try. */
export class StepError extends Error {
  constructor(
    message: string,
    readonly command?: string,
    readonly tail: readonly string[] = [],
    readonly hint?: string,
    readonly log?: string,
  ) {
    super(message);
    this.name = 'StepError';
  }
}

export function shellQuote(arg: string): string {
  return /^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replaceAll("'", "'\\''")}'`;
}

export function formatCommand(cmd: string, args: readonly string[], opts: RunOptions = {}): string {
  const env = Object.entries(opts.env ?? {}).map(([k, v]) => `${k}=${shellQuote(v)}`);
  const line = [...env, shellQuote(cmd), ...args.map(shellQuote)].join(' ');
  return opts.cwd ? `(cd ${shellQuote(opts.cwd)} && ${line})` : line;
}

/** Runs a command; resolves with its exit code and output (never rejects on a non-zero exit). */
export function run(cmd: string, args: readonly string[], opts: RunOptions = {}): Promise<RunResult> {
  return new Promise((resolve) => {
    const tail: string[] = [];
    let partial = '';
    let stdout = '';
    const log = opts.log ? openLog(opts.log, formatCommand(cmd, args, opts)) : undefined;
    const started = Date.now();
    const child = spawn(cmd, [...args], {
      cwd: opts.cwd,
      env: { ...process.env, ...opts.hiddenEnv, ...opts.env },
      stdio: [opts.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
    });
    const push = (chunk: Buffer): void => {
      log?.write(chunk);
      if (opts.verbose) process.stderr.write(chunk);
      const lines = (partial + chunk.toString('utf8')).split('\n');
      partial = lines.pop() ?? '';
      tail.push(...lines);
      if (tail.length > TAIL_LINES) tail.splice(0, tail.length - TAIL_LINES);
    };
    child.stdout?.on('data', (c: Buffer) => {
      stdout += c.toString('utf8');
      push(c);
    });
    child.stderr?.on('data', push);
    if (opts.input !== undefined) child.stdin?.end(opts.input);
    const heartbeat = setInterval(() => {
      const min = Math.round((Date.now() - started) / 60_000);
      process.stderr.write(`  … ${opts.what ?? cmd} still running (${min} min; log: ${opts.log ?? 'none'})\n`);
    }, opts.heartbeatMs ?? 60_000);
    const timer = opts.timeoutMs
      ? setTimeout(() => {
          tail.push(`(killed after ${Math.round((opts.timeoutMs ?? 0) / 1000)} s)`);
          child.kill('SIGKILL');
        }, opts.timeoutMs)
      : undefined;
    const done = (code: number): void => {
      clearInterval(heartbeat);
      if (timer) clearTimeout(timer);
      if (partial) tail.push(partial);
      log?.end(`\n# exit ${code} after ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
      resolve({ code, stdout, tail: tail.slice(-TAIL_LINES) });
    };
    child.on('error', (e) => {
      tail.push(String(e.message));
      done(127);
    });
    child.on('close', (code, signal) => done(code ?? (signal ? 128 : 1)));
  });
}

/** Runs a command and throws a StepError when it fails. */
export async function must(cmd: string, args: readonly string[], opts: RunOptions = {}): Promise<RunResult> {
  const r = await run(cmd, args, opts);
  if (r.code !== 0) {
    throw new StepError(
      `${opts.what ?? cmd} failed (exit ${r.code})`,
      formatCommand(cmd, args, opts),
      r.tail,
      opts.hint,
      opts.log,
    );
  }
  return r;
}

/** Output of a quick command, or undefined when it fails or times out. */
export async function probe(cmd: string, args: readonly string[], opts: RunOptions = {}): Promise<string | undefined> {
  const r = await run(cmd, args, { timeoutMs: 20_000, ...opts });
  return r.code === 0 ? r.stdout.trim() : undefined;
}

function openLog(path: string, header: string) {
  mkdirSync(dirname(path), { recursive: true });
  const s = createWriteStream(path, { flags: 'a' });
  s.write(`\n# ${new Date().toISOString()} ${header}\n`);
  return s;
}

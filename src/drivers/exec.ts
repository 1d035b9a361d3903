// External commands (gcloud, kind, kubectl, fake-gcs-server, …), run through execa — the only module that
// imports it. A command that fails is ONE error type, CommandError, whose details carry the command line as a
// person can paste it into a shell and the last lines of what it printed: the design's "a failed external
// command shows a copy-pasteable command line and its output". execa is imported lazily (it costs start-up).
import { OhEnvError } from '../errors.js';
import { commandLine } from '../render/shell-quote.js';

export { commandLine, shellQuote } from '../render/shell-quote.js';

type Env = Readonly<Record<string, string | undefined>>;

export interface RunOptions {
  /** Written to the command's stdin (else stdin is closed). */
  readonly input?: string;
  /** The command's WHOLE environment (not merged with this process's); default this process's. */
  readonly env?: Env;
  readonly cwd?: string;
  /** Aborting kills the command (SIGTERM, then SIGKILL after 3 s); run() then rejects with CommandError. */
  readonly signal?: AbortSignal;
  /** A non-zero exit resolves instead of rejecting (for commands whose exit code is an answer). */
  readonly allowFailure?: boolean;
}

export interface RunResult {
  readonly stdout: string;
  readonly stderr: string;
  readonly exitCode: number;
}

/** Lines of output a CommandError keeps. */
export const TAIL_LINES = 30;

/** The last `n` lines of a command's output (stderr after stdout), blank lines at either end dropped. */
export function outputTail(stdout: string, stderr: string, n = TAIL_LINES): string[] {
  const lines = (t: string): string[] =>
    t === ''
      ? []
      : t
          .replace(/\n$/, '')
          .split('\n')
          .map((l) => l.replace(/\r$/, ''));
  const all = [...lines(stdout), ...lines(stderr)];
  while (all.length > 0 && all.at(-1)!.trim() === '') all.pop();
  while (all.length > 0 && all[0]!.trim() === '') all.shift();
  return all.slice(-n);
}

/** A command that could not run, failed, or was stopped. */
export class CommandError extends OhEnvError {
  constructor(
    readonly command: string,
    /** The command's exit code (undefined when it did not run or was killed); not the CLI's exit code. */
    readonly exitStatus: number | undefined,
    readonly output: readonly string[],
    what: string,
    opts: { hint?: string; cause?: unknown; missing?: boolean } = {},
  ) {
    super(opts.missing ? 'E_TOOL_MISSING' : 'E_COMMAND_FAILED', `${what}: ${command}`, {
      hint: opts.hint ?? (opts.missing ? 'install it or put it on PATH' : 'run the command above by hand to see more'),
      cause: opts.cause,
      details: [`$ ${command}`, ...output],
    });
  }
}

interface ExecaOutcome {
  readonly stdout?: unknown;
  readonly stderr?: unknown;
  readonly exitCode?: number;
  readonly failed: boolean;
  readonly isCanceled: boolean;
  readonly code?: string;
  readonly signal?: string;
  readonly originalMessage?: string;
}

const text = (v: unknown): string => (typeof v === 'string' ? v : '');

/** Why a finished command counts as failed, for the message; undefined when it did not fail. */
function failure(r: ExecaOutcome, allowFailure: boolean): { what: string; missing?: boolean } | undefined {
  if (r.code === 'ENOENT') return { what: 'command not found', missing: true };
  if (r.isCanceled) return { what: 'stopped' };
  if (r.signal) return { what: `killed by ${r.signal}` };
  if (r.exitCode === undefined) return { what: `could not run (${r.originalMessage ?? 'unknown error'})` };
  if (r.exitCode !== 0 && !allowFailure) return { what: `exited with code ${r.exitCode}` };
  return undefined;
}

/** Runs a command to its end and returns its output; a failure is a CommandError. */
export async function run(cmd: string, args: readonly string[], o: RunOptions = {}): Promise<RunResult> {
  const { execa } = await import('execa');
  const r = (await execa(cmd, [...args], {
    reject: false,
    ...(o.input !== undefined ? { input: o.input } : { stdin: 'ignore' }),
    ...(o.env ? { env: o.env as Record<string, string>, extendEnv: false } : {}),
    ...(o.cwd ? { cwd: o.cwd } : {}),
    ...(o.signal ? { cancelSignal: o.signal } : {}),
    forceKillAfterDelay: 3000,
    stripFinalNewline: false,
  })) as ExecaOutcome;
  const stdout = text(r.stdout);
  const stderr = text(r.stderr);
  const failed = failure(r, o.allowFailure === true);
  if (failed)
    throw new CommandError(commandLine(cmd, args), r.exitCode, outputTail(stdout, stderr), failed.what, {
      cause: r,
      ...(failed.missing ? { missing: true } : {}),
    });
  return { stdout, stderr, exitCode: r.exitCode ?? 0 };
}

/** A long-running command (an emulator), its output kept as the last lines. */
export interface Background {
  readonly pid: number | undefined;
  readonly command: string;
  /** The last lines it printed (both streams, as they came). */
  output(): string[];
  /** Settles when it exits, with its exit code (undefined when killed by a signal). */
  readonly exited: Promise<number | undefined>;
  /** Sends SIGTERM (SIGKILL after 3 s) and waits for the exit. */
  stop(): Promise<void>;
}

export async function runInBackground(
  cmd: string,
  args: readonly string[],
  o: { env?: Env; cwd?: string; keepLines?: number } = {},
): Promise<Background> {
  const { execa } = await import('execa');
  const keep = o.keepLines ?? 50;
  const lines: string[] = [];
  const child = execa(cmd, [...args], {
    reject: false,
    all: true,
    buffer: false,
    stdin: 'ignore',
    forceKillAfterDelay: 3000,
    ...(o.env ? { env: o.env as Record<string, string>, extendEnv: false } : {}),
    ...(o.cwd ? { cwd: o.cwd } : {}),
  });
  child.all?.setEncoding('utf8');
  child.all?.on('data', (chunk: string) => {
    lines.push(...chunk.split('\n').filter(Boolean));
    lines.splice(0, Math.max(0, lines.length - keep));
  });
  const exited = child.then((r) => (r as ExecaOutcome).exitCode);
  return {
    pid: child.pid,
    command: commandLine(cmd, args),
    output: () => [...lines],
    exited,
    async stop() {
      child.kill('SIGTERM');
      await exited;
    },
  };
}

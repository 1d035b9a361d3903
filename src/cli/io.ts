// What a command may touch of the outside world: two output streams, the working directory and the
// environment. Tests pass in-memory streams; the entry point passes the process's.
import type { OutStream } from '../events/types.js';

export type { OutStream } from '../events/types.js';

export interface CliIO {
  /** Program output only (YAML, JSON, tables). */
  readonly stdout: OutStream;
  /** Progress, warnings, errors. */
  readonly stderr: OutStream;
  readonly stdin?: NodeJS.ReadStream;
  readonly cwd: string;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Aborted on Ctrl-C; long-running commands stop cleanly when it fires. */
  readonly signal?: AbortSignal;
}

export const processIO = (signal?: AbortSignal): CliIO => ({
  stdout: process.stdout,
  stderr: process.stderr,
  stdin: process.stdin,
  cwd: process.cwd(),
  env: process.env,
  ...(signal ? { signal } : {}),
});

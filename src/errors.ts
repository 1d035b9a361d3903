// One error type for everything a user can see: a stable code, a one-line message, a hint (what to do) and a
// cause. The CLI prints it in one place (cli/print-error.ts).

/** A single problem found in a model, with where it is and what would be right. */
export interface Issue {
  /** Path in the model, e.g. `services.app.ports[1].port`. */
  readonly path: string;
  readonly message: string;
  /** What was expected there. */
  readonly expected?: string;
  /** What to do about it. */
  readonly hint?: string;
  /** The file the problem is in, when known. */
  readonly file?: string;
}

export type ErrorCode =
  | 'E_USAGE'
  | 'E_MODEL_NOT_FOUND'
  | 'E_MODEL_PARSE'
  | 'E_MODEL_INVALID'
  | 'E_DOCKER_UNREACHABLE'
  | 'E_CLUSTER_UNREACHABLE'
  | 'E_CLUSTER_FOREIGN'
  | 'E_KUBE_REJECTED'
  | 'E_IMAGE_MISSING'
  | 'E_PORT_TAKEN'
  | 'E_SECRET_MISSING'
  | 'E_SECRETS_FILE'
  | 'E_LOCKED'
  | 'E_JOB_FAILED'
  | 'E_UNHEALTHY'
  | 'E_COMMAND_FAILED'
  | 'E_TOOL_MISSING'
  | 'E_NOT_IMPLEMENTED'
  /** Ctrl-C or SIGTERM stopped the run (exit 130 or 143, as shells report a signal). */
  | 'E_INTERRUPTED'
  | 'E_INTERNAL';

/** Exit codes: 2 for invalid input (usage, model, secrets file), 1 for everything that failed while doing the work. */
export const exitCodeOf = (code: ErrorCode): number =>
  code === 'E_USAGE' ||
  code === 'E_MODEL_INVALID' ||
  code === 'E_MODEL_PARSE' ||
  code === 'E_MODEL_NOT_FOUND' ||
  code === 'E_SECRETS_FILE'
    ? 2
    : 1;

export class OhEnvError extends Error {
  override readonly name = 'OhEnvError';
  readonly code: ErrorCode;
  readonly hint: string | undefined;
  readonly issues: readonly Issue[];
  /** Extra lines shown under the message: a command line and its output, the last log lines of a container. */
  readonly details: readonly string[];

  constructor(
    code: ErrorCode,
    message: string,
    opts: {
      hint?: string;
      cause?: unknown;
      issues?: readonly Issue[];
      details?: readonly string[];
      /** Overrides the code's exit code (an interrupt exits 130 or 143, after the signal). */
      exitCode?: number;
    } = {},
  ) {
    super(message, { cause: opts.cause });
    this.code = code;
    this.hint = opts.hint;
    this.issues = opts.issues ?? [];
    this.details = opts.details ?? [];
    this.exitCodeOverride = opts.exitCode;
  }

  private readonly exitCodeOverride: number | undefined;

  get exitCode(): number {
    return this.exitCodeOverride ?? exitCodeOf(this.code);
  }
}

export const isOhEnvError = (e: unknown): e is OhEnvError => e instanceof OhEnvError;

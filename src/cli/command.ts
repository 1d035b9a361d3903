// The shape of a command: its help text, its options (node's parseArgs format) and what it does.
import type { ParseArgsConfig } from 'node:util';
import type { CliIO } from './io.js';

export type OptionSpec = NonNullable<ParseArgsConfig['options']>;

export interface CommandContext {
  readonly io: CliIO;
  readonly args: readonly string[];
  readonly options: Readonly<Record<string, string | boolean | string[] | boolean[] | undefined>>;
  /** The global flags every command has. */
  readonly json: boolean;
  readonly color: boolean;
}

export interface Command {
  readonly name: string;
  readonly summary: string;
  /** e.g. `oh-env render <local|kind|gke> [--out DIR]` */
  readonly usage: string;
  /** Longer help: arguments, behaviour, examples. */
  readonly help: string;
  readonly options: OptionSpec;
  /** Help lines for the options above, by option name. */
  readonly optionHelp: Readonly<Record<string, string>>;
  run(ctx: CommandContext): Promise<number>;
}

/** Options every command accepts. */
export const GLOBAL_OPTIONS: OptionSpec = {
  file: { type: 'string', short: 'f' },
  json: { type: 'boolean' },
  'no-color': { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
};

export const GLOBAL_HELP: Record<string, string> = {
  file: 'model file (default: oh-env.yaml or envs/openhands.yaml in the working directory)',
  json: 'machine-readable JSON on stdout',
  'no-color': 'no colours (also NO_COLOR=1)',
  help: 'show help',
};

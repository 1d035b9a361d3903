// What every renderer gets: the validated model, the files it came from and where the render is written
// (display paths, relative to the working directory, so renders are the same on every machine).
import type { Environment } from '../model/schema.js';

export interface RenderInput {
  readonly env: Environment;
  /** Every file merged into the model, base first (an `extends` chain, the model, its overlay). */
  readonly sources: readonly string[];
  /** The model file itself (`-f`); not sources[0], which is the base when the model extends another. */
  readonly model?: string;
  /** The output directory the files are written to (`--out`); undefined when they go to stdout. */
  readonly out?: string;
  /** The overlay named on the command line (`--overlay`), or false for `--no-overlay`; undefined: the default. */
  readonly overlay?: string | false;
}

/** What the model's files are called in a header: the sources, or the environment's name for an in-memory model. */
export const sourceText = (input: RenderInput): string => input.sources.join(' + ') || input.env.metadata.name;

/** The `-f`/`--overlay` flags that load the same model again. */
export function modelFlags(input: RenderInput): string {
  const { model } = input;
  const overlay =
    input.overlay === false ? ' --no-overlay' : input.overlay !== undefined ? ` --overlay ${input.overlay}` : '';
  return `${model ? ` -f ${model}` : ''}${overlay}`;
}

/** The command that writes this render again, to the same place. */
export const regenerateCommand = (input: RenderInput, target: string): string =>
  `oh-env render ${target}${modelFlags(input)}${input.out !== undefined ? ` --out ${input.out}` : ''}`;

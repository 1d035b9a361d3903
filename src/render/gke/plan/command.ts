// A gcloud command as data: its argv (without the leading `gcloud`) and, when it needs a secret, where its
// stdin comes from. Secret values never enter argv: they reach gcloud on stdin only, so they are never in
// `ps`, in a shell's history, in plan.sh or in plan.json.

export type Stdin =
  /** A fresh random value of this many bytes (a generated secret's first version, `--data-file=-`). */
  | { readonly generate: number }
  /**
   * The latest version of a Secret Manager secret, given to gcloud as a flags file on stdin
   * (`--flags-file=-`, see `gcloud topic flags-file`): for flags such as `sql users create --password`
   * that have no file or stdin form of their own.
   */
  | { readonly secret: string; readonly flag: string };

export interface Command {
  readonly argv: readonly string[];
  readonly stdin?: Stdin;
}

/**
 * The flags file that sets one flag to a value: a YAML literal block with an explicit indentation, so the value
 * is taken verbatim whatever it holds (quotes, `#`, `: `, a leading space); only a trailing line break is dropped.
 */
export const flagsFileInput = (flag: string, value: string): string =>
  `${flag}: |2-\n${value
    .split('\n')
    .map((line) => `  ${line}`)
    .join('\n')}\n`;

// Shell quoting for command lines people paste (errors, hints, plan.sh). Pure, so renderers and drivers share it.

/** Characters no POSIX shell treats specially: such a word needs no quotes. */
const SAFE = /^[A-Za-z0-9_@%+=:,./-]+$/;

/** One word as a POSIX shell reads it back exactly: bare when safe, else single-quoted. */
export function shellQuote(arg: string): string {
  if (arg !== '' && SAFE.test(arg)) return arg;
  return `'${arg.replace(/'/g, `'\\''`)}'`;
}

/** A command as a line a person can paste into a shell. */
export const commandLine = (cmd: string, args: readonly string[]): string => [cmd, ...args].map(shellQuote).join(' ');

// The one dotenv format oh-env writes and reads: the secrets file (read by `oh-env up` and by
// `docker compose --env-file`) and `oh-env emulate`'s output (sourced by shells). Pure.
//
// Written so that Docker Compose's parser (compose-go dotenv) and a POSIX shell (`set -a; . ./file`) read back
// exactly the value written:
//   - bare when every character is safe everywhere;
//   - 'single quotes' otherwise: literal in both, newlines included. Compose reads \' as an escaped quote, so
//     a value holding ' or ending in \ cannot be single-quoted;
//   - "double quotes" for those, escaping only \ " $ (the escapes both readers share; Compose turns \$ into
//     a literal $). The one value a shell reads differently is such a value that also holds a backtick: a
//     shell runs `...` inside double quotes unless it is written \`, which Compose would keep as two
//     characters. Compose is the reader that matters for secrets; emulate never prints such a value.
//
// The parser follows compose-go for everything a person may write by hand (comments, `export`, spaces, escapes
// in double quotes) and refuses what oh-env and Compose would read differently: a `$` Compose would interpolate.

const BARE = /^[A-Za-z0-9_./:@%+,=-]*$/;
const KEY = /^[A-Za-z_][A-Za-z0-9_]*$/;

export function dotenvValue(value: string): string {
  if (BARE.test(value)) return value;
  if (!value.includes("'") && !value.endsWith('\\')) return `'${value}'`;
  return `"${value.replace(/[\\"$]/g, (c) => `\\${c}`)}"`;
}

/** KEY=value lines sorted by key, after `# header` lines. */
export function toDotenv(
  entries: Readonly<Record<string, string>> | Iterable<readonly [string, string]>,
  header: readonly string[] = [],
): string {
  const pairs = Symbol.iterator in entries ? [...entries] : Object.entries(entries);
  const lines = header.map((h) => `# ${h}`);
  for (const [key, value] of pairs.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) lines.push(dotenvLine(key, value));
  return `${lines.join('\n')}\n`;
}

export function dotenvLine(key: string, value: string): string {
  if (!KEY.test(key)) throw new RangeError(`not a dotenv key: ${JSON.stringify(key)}`);
  return `${key}=${dotenvValue(value)}`;
}

/** A line the parser cannot read the way Compose would; `line` is 1-based. */
export class DotenvSyntaxError extends Error {
  override readonly name = 'DotenvSyntaxError';
  constructor(
    readonly line: number,
    readonly reason: string,
  ) {
    super(`line ${line}: ${reason}`);
  }
}

const SPACE = /[\t\v\f\r \u0085\u00a0]/;
const KEY_CHAR = /[A-Za-z0-9_.\-[\]]/;
/** Compose's escapes in double quotes (Go's, as strconv.UnquoteChar reads them). */
const ESCAPES: Readonly<Record<string, string>> = {
  a: '\x07',
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
  v: '\v',
  '"': '"',
  '\\': '\\',
};

/** Reads a dotenv file as `docker compose --env-file` does; later lines win, as there. */
export function parseDotenv(text: string): Map<string, string> {
  const out = new Map<string, string>();
  let i = 0;
  let line = 1;
  const at = (): string => text[i] ?? '';
  const skipSpaces = (): void => {
    while (i < text.length && SPACE.test(at())) i++;
  };
  const skipToLineEnd = (): void => {
    while (i < text.length && at() !== '\n') i++;
  };
  while (i < text.length) {
    skipSpaces();
    if (at() === '\n') {
      i++;
      line++;
      continue;
    }
    if (i >= text.length) break;
    if (at() === '#') {
      skipToLineEnd();
      continue;
    }
    const exported = /^export[\t ]+/.exec(text.slice(i, i + 16));
    if (exported) i += exported[0].length;
    const keyStart = i;
    while (i < text.length && KEY_CHAR.test(at())) i++;
    const key = text.slice(keyStart, i);
    skipSpaces();
    if (key === '' || (at() !== '=' && at() !== '\n' && i < text.length))
      // The line's text is not shown: it may be a pasted secret.
      throw new DotenvSyntaxError(line, 'expected KEY=value (KEY of letters, digits and _)');
    // A bare KEY line takes the value from the process environment in Compose: nothing to read here.
    if (at() !== '=') continue;
    i++;
    skipSpaces();
    const quote = at();
    if (quote === "'" || quote === '"') {
      const startLine = line;
      let raw = '';
      let escaped = false;
      let closed = false;
      for (i++; i < text.length; i++) {
        const c = at();
        if (c === '\n') line++;
        if (c === quote && !escaped) {
          closed = true;
          i++;
          break;
        }
        if (c === '\\' && !escaped) {
          escaped = true;
          continue;
        }
        // Compose keeps the backslash of every escape but an escaped quote, then (in double quotes) reads escapes.
        if (escaped && c !== quote) raw += '\\';
        escaped = false;
        raw += c;
      }
      if (!closed) throw new DotenvSyntaxError(startLine, `${key}: the quoted value is never closed`);
      out.set(key, quote === '"' ? unescapeDouble(raw, key, startLine) : raw);
      skipSpaces();
      if (at() === '#') skipToLineEnd();
      else if (i < text.length && at() !== '\n')
        throw new DotenvSyntaxError(line, `${key}: unexpected text after the closing quote`);
    } else {
      const end = text.indexOf('\n', i);
      let value = text.slice(i, end < 0 ? text.length : end);
      i = end < 0 ? text.length : end;
      const comment = value.indexOf(' #');
      if (comment >= 0) value = value.slice(0, comment);
      out.set(key, literalDollars(value.replace(/\s+$/, ''), key, line));
    }
  }
  return out;
}

function unescapeDouble(raw: string, key: string, line: number): string {
  const unescaped = raw.replace(/\\(0[0-7]{3}|[\s\S])/g, (m, c: string) => {
    if (c === '$') return '$$';
    if (c.length === 4) return String.fromCharCode(parseInt(c.slice(1), 8));
    return ESCAPES[c] ?? m;
  });
  return literalDollars(unescaped, key, line);
}

/** `$$` is a literal `$` for Compose; any other `$` starts an interpolation, which oh-env does not do. */
function literalDollars(value: string, key: string, line: number): string {
  if (value.replace(/\$\$/g, '').includes('$'))
    throw new DotenvSyntaxError(
      line,
      `${key}: a $ in an unquoted or double-quoted value is a variable to docker compose; write $$ for a literal $, or put the value in single quotes`,
    );
  return value.replace(/\$\$/g, '$');
}

// The env as a dotenv file (what `oh-env emulate` prints): KEY=value lines, values quoted only when they must be,
// so both `set -a; . ./file` in a shell and dotenv parsers read the same values.

const SAFE = /^[A-Za-z0-9_./:@%+,=-]*$/;

export function dotenvValue(value: string): string {
  if (SAFE.test(value)) return value;
  // Single quotes keep everything literal in a shell and in dotenv; a single quote itself needs the '\'' dance,
  // which dotenv does not read, so such values use double quotes with escapes instead.
  if (!value.includes("'") && !value.includes('\n')) return `'${value}'`;
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\$/g, '\\$').replace(/`/g, '\\`').replace(/\n/g, '\\n')}"`;
}

export function toDotenv(env: Readonly<Record<string, string>>, header: readonly string[] = []): string {
  const lines = [...header.map((h) => `# ${h}`)];
  for (const key of Object.keys(env).sort()) lines.push(`${key}=${dotenvValue(env[key] ?? '')}`);
  return `${lines.join('\n')}\n`;
}

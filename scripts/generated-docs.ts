// Files generated from the schema definitions: the JSON Schema editors use, the model reference
// in docs/model.md, the command reference and the events schema. All are committed and checked for
// staleness by scripts/golden.test.ts.
import { environmentJsonSchema } from '../src/model/schema.js';
import { run } from '../src/cli/main.js';
import { COMMANDS } from '../src/cli/commands/index.js';
import { EVENTS_SCHEMA_PATH, eventsJsonSchemaText } from '../src/events/schema.js';

type Schema = {
  type?: string | string[];
  description?: string;
  default?: unknown;
  properties?: Record<string, Schema>;
  required?: string[];
  additionalProperties?: Schema | boolean;
  items?: Schema;
  anyOf?: Schema[];
  oneOf?: Schema[];
  enum?: unknown[];
  const?: unknown;
  pattern?: string;
  minimum?: number;
  maximum?: number;
};

function typeOf(s: Schema): string {
  if (s.const !== undefined) return `\`${JSON.stringify(s.const)}\``;
  if (s.enum) return s.enum.map((v) => `\`${JSON.stringify(v)}\``).join(' \\| ');
  const alts = s.anyOf ?? s.oneOf;
  if (alts) return alts.map(typeOf).join(' \\| ');
  if (s.type === 'array') return `list of ${s.items ? typeOf(s.items) : 'any'}`;
  if (s.type === 'object' && s.additionalProperties && typeof s.additionalProperties === 'object' && !s.properties)
    return `map of name → ${typeOf(s.additionalProperties)}`;
  return Array.isArray(s.type) ? s.type.join(' \\| ') : (s.type ?? 'any');
}

function rows(s: Schema, path: string, out: string[]): void {
  const alts = s.anyOf ?? s.oneOf;
  if (alts && alts.some((a) => a.properties)) {
    for (const a of alts) {
      const tag = Object.entries(a.properties ?? {}).find(([, p]) => p.const !== undefined);
      if (tag) out.push(`| \`${path}\` (${tag[0]}: \`${String(tag[1].const)}\`) | object | | one variant |`);
      rows(a, path, out);
    }
    return;
  }
  if (s.type === 'array' && s.items?.properties) return rows(s.items, `${path}[]`, out);
  if (s.type === 'object' && !s.properties && s.additionalProperties && typeof s.additionalProperties === 'object')
    return rows(s.additionalProperties, `${path}.<name>`, out);
  for (const [key, p] of Object.entries(s.properties ?? {})) {
    const full = path ? `${path}.${key}` : key;
    const req = s.required?.includes(key) && p.default === undefined ? 'yes' : '';
    const def = p.default !== undefined ? `\`${JSON.stringify(p.default)}\`` : '';
    const desc = (p.description ?? '').replace(/\|/g, '\\|').replace(/\n/g, ' ');
    out.push(`| \`${full}\` | ${typeOf(p).replace(/\n/g, ' ')} | ${req} | ${def} ${desc} |`);
    rows(p, full, out);
  }
}

export function modelReference(): string {
  const schema = environmentJsonSchema() as Schema;
  const out: string[] = [];
  rows(schema, '', out);
  return [
    '# Model reference',
    '',
    '<!-- Generated from src/model/schema.ts by `npm run golden:update`: do not edit by hand. -->',
    '',
    'One YAML document per environment (`apiVersion: oh-env.dev/v1alpha1`, `kind: Environment`). Overlays in',
    '`<target>/overlay.yaml` or `envs/<target>/overlay.yaml` beside the model are merged onto it for that target:',
    'mappings merge key by key, lists and scalars are replaced, `null` deletes a key. `extends: PATH` merges the',
    'model onto another one first. Unknown fields are errors. Editors complete and check models through',
    '`schema/oh-env.schema.json` (`# yaml-language-server: $schema=...`).',
    '',
    '| field | type | required | default and meaning |',
    '|---|---|---|---|',
    ...out,
    '',
  ].join('\n');
}

/** docs/commands.md: the `--help` of every command, so the reference never drifts from the CLI. */
export async function commandReference(): Promise<string> {
  const parts = [
    '# Command reference',
    '',
    "<!-- Generated from the CLI's own --help by `npm run golden:update`: do not edit by hand. -->",
    '',
  ];
  const help = async (argv: string[]): Promise<string> => {
    let out = '';
    const sink = { write: (s: string) => (out += s) };
    await run(argv, { stdout: sink, stderr: sink, cwd: ROOT, env: {} });
    return out.trimEnd();
  };
  parts.push('## oh-env', '', '```text', await help(['--help']), '```', '');
  for (const c of COMMANDS) parts.push(`## oh-env ${c.name}`, '', '```text', await help([c.name, '--help']), '```', '');
  return parts.join('\n');
}

const ROOT = new URL('..', import.meta.url).pathname;

export async function generatedDocs(): Promise<Record<string, string>> {
  return {
    'schema/oh-env.schema.json': `${JSON.stringify(environmentJsonSchema(), null, 2)}\n`,
    'docs/model.md': modelReference(),
    'docs/commands.md': await commandReference(),
    [EVENTS_SCHEMA_PATH]: eventsJsonSchemaText(),
  };
}

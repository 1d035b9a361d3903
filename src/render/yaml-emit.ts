// A fast YAML emitter for the plain data renderers produce (objects, arrays, strings, numbers, booleans,
// null), byte-identical to `yaml`'s stringify with the options render/yaml.ts uses. The library builds a
// document tree for every object, which dominates large renders (500 services: ~0.6 s of kind's ~1 s). Here
// the structure is written directly and only scalars go through the library (cached), so quoting stays
// exactly the library's. Anything unusual (an explicit-key or indented block scalar) falls back to the library.
import { stringify } from 'yaml';

export const YAML_OPTIONS = {
  aliasDuplicateObjects: false,
  lineWidth: 0,
  minContentWidth: 0,
  indentSeq: true,
} as const;

class Unusual extends Error {}

type Scalar = string | number | boolean | null;
const scalarCache = new Map<Scalar, readonly string[]>();

/** The library's rendering of a lone scalar: a header line and, for block scalars, unindented content lines. */
function scalarLines(v: Scalar): readonly string[] {
  let lines = scalarCache.get(v);
  if (!lines) {
    lines = stringify(v, YAML_OPTIONS).replace(/\n$/, '').split('\n');
    if (lines.length > 1 && !/^[|>][-+]?$/.test(lines[0]!)) throw new Unusual();
    if (scalarCache.size > 50_000) scalarCache.clear();
    scalarCache.set(v, lines);
  }
  return lines;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function keyText(k: string): string {
  const lines = scalarLines(k);
  if (lines.length > 1 || k.length > 1000) throw new Unusual();
  return lines[0]!;
}

/** `prefix` (indentation plus "key: " or "- ") followed by a value's scalar or nested lines. */
function pushValue(out: string[], pad: string, head: string, v: unknown, childPad: string, seqPad: string): void {
  if (Array.isArray(v)) {
    if (v.length === 0) out.push(`${pad}${head}[]`);
    else if (head === '- ') pushSeqInline(out, pad + head, v, seqPad);
    else {
      out.push(`${pad}${head.trimEnd()}`);
      pushSeq(out, v, seqPad);
    }
  } else if (isObject(v)) {
    if (Object.keys(v).length === 0) out.push(`${pad}${head}{}`);
    else if (head === '- ') pushMapInline(out, pad + head, v, childPad);
    else {
      out.push(`${pad}${head.trimEnd()}`);
      pushMap(out, v, childPad);
    }
  } else {
    if (v === undefined || typeof v === 'function' || typeof v === 'symbol' || typeof v === 'bigint')
      throw new Unusual();
    const lines = scalarLines(v as Scalar);
    out.push(`${pad}${head}${lines[0]}`);
    for (let i = 1; i < lines.length; i++) out.push(lines[i] === '' ? '' : `${childPad}${lines[i]}`);
  }
}

function pushMap(out: string[], m: Record<string, unknown>, pad: string): void {
  for (const k of Object.keys(m)) {
    const v = m[k];
    if (v === undefined) continue;
    pushValue(out, pad, `${keyText(k)}: `, v, `${pad}  `, `${pad}  `);
  }
}

/** A map whose first line continues `first` (a sequence item's "- "). */
function pushMapInline(out: string[], first: string, m: Record<string, unknown>, pad: string): void {
  const start = out.length;
  pushMap(out, m, pad);
  out[start] = first + out[start]!.slice(pad.length);
}

function pushSeq(out: string[], s: readonly unknown[], pad: string): void {
  for (const item of s) pushValue(out, pad, '- ', item, `${pad}  `, `${pad}  `);
}

/** A sequence whose first item continues `first` (an enclosing sequence item's "- "). */
function pushSeqInline(out: string[], first: string, s: readonly unknown[], pad: string): void {
  const start = out.length;
  pushSeq(out, s, pad);
  out[start] = first + out[start]!.slice(pad.length);
}

/** Same text as `stringify(value, YAML_OPTIONS)` for plain data. */
export function emitYaml(value: unknown): string {
  try {
    const out: string[] = [];
    if (isObject(value) && Object.keys(value).length > 0) pushMap(out, value, '');
    else if (Array.isArray(value) && value.length > 0) pushSeq(out, value, '');
    else return stringify(value, YAML_OPTIONS);
    return `${out.join('\n')}\n`;
  } catch (e) {
    if (e instanceof Unusual) return stringify(value, YAML_OPTIONS);
    throw e;
  }
}

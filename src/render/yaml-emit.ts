// A fast YAML emitter for the plain data renderers produce (objects, arrays, strings, numbers, booleans,
// null), byte-identical to `yaml`'s document output with the options below. The library builds a document
// tree for every object, which dominates large renders (500 services: ~0.6 s of kind's ~1 s). Here the
// structure is written directly and only scalars go through the library (cached), so quoting stays exactly
// the library's. Anything unusual (an explicit-key or indented block scalar) falls back to the library.
//
// The library quotes what YAML 1.2 would misread; Kubernetes (and every go-yaml v2 consumer) reads YAML 1.1,
// where a plain `on`, `no`, `y`, `12:30`, `1_000` or `2026-01-01` is a bool, a number or a timestamp, so
// the apiserver rejects a ConfigMap holding one. Such strings are double-quoted on every path (fast and
// fallback), so each file means the same to a 1.1 and a 1.2 reader.
import { Document, Schema, stringify, visit } from 'yaml';

export const YAML_OPTIONS = {
  aliasDuplicateObjects: false,
  lineWidth: 0,
  minContentWidth: 0,
  indentSeq: true,
} as const;

class Unusual extends Error {}

/** Plain scalars YAML 1.1 may read as something else start like a number/timestamp/null/merge key (the
 *  library's 1.1 float also takes a bare exponent: `e5`, `E-1`), or are a short word (bools: y, yes, on, off,
 *  …): only those are checked further, so the check costs nothing elsewhere. */
const MAYBE_NOT_STRING_IN_1_1 = /^(?:[-+.0-9~<=]|[eE][-+0-9]|[yYnNoOtTfF][a-zA-Z]{0,4}$)/;

/**
 * go-yaml v2 (what the apiserver and kubectl decode with) drops every `_` and hands the rest to Go's
 * ParseInt with base prefixes, so it also reads `0_b1` or `0_x1F`, which the 1.1 schema keeps as strings.
 */
const GO_YAML_INT = /^[-+]?(?:0[bB][01]+|0[oO][0-7]+|0[xX][0-9a-fA-F]+|[0-9]+)$/;

/**
 * The patterns of the scalar types YAML 1.1 resolves a plain scalar to (bool, int, float, null, timestamp),
 * taken from the library's own 1.1 schema: a plain scalar matching one of them is not read as a string.
 * Testing them gives the answer `parse(plain, { version: '1.1' })` gives, without building a document per
 * string (that parse was ~0.1 s of a 500-service render); yaml-emit.test.ts checks the two agree.
 */
const YAML_1_1_NOT_STRING = new Schema({ schema: 'yaml-1.1' }).tags.flatMap((tag) =>
  tag.default === true && !tag.collection && tag.test ? [tag.test] : [],
);

/** Whether `plain` (the library's unquoted text of `s`) is read back as anything but `s` by YAML 1.1. */
export function misreadIn11(s: string, plain: string): boolean {
  if (!MAYBE_NOT_STRING_IN_1_1.test(plain)) return false;
  // `<<` is the 1.1 merge key and `=` its value key: data as strings, structure to a 1.1 reader.
  if (s === '<<' || s === '=') return true;
  if (GO_YAML_INT.test(plain.replace(/_/g, ''))) return true;
  return YAML_1_1_NOT_STRING.some((pattern) => pattern.test(plain));
}

const isPlain = (line: string): boolean => !/^["'|>]/.test(line);

/** Whether the library's `text` of `s` is plain, but YAML 1.1 reads it as something else. */
const plainButMisreadIn11 = (s: string, text: string): boolean =>
  isPlain(text) && misreadIn11(s, text.replace(/\n$/, ''));

/** A string the library would write plain, but that YAML 1.1 reads as something else. */
function needsQuotes(s: string): boolean {
  if (!MAYBE_NOT_STRING_IN_1_1.test(s)) return false; // the cheap test first: most strings stop here
  return plainButMisreadIn11(s, stringify(s, YAML_OPTIONS));
}

const QUOTED = { ...YAML_OPTIONS, defaultStringType: 'QUOTE_DOUBLE' } as const;

/** The library's text of any value, with the strings YAML 1.1 misreads double-quoted (the fallback path). */
export function libraryYaml(value: unknown): string {
  const doc = new Document(value, YAML_OPTIONS);
  visit(doc, {
    Scalar(_key, node) {
      if (typeof node.value === 'string' && needsQuotes(node.value)) node.type = 'QUOTE_DOUBLE';
    },
  });
  return doc.toString(YAML_OPTIONS);
}

type Scalar = string | number | boolean | null;
const scalarCache = new Map<Scalar, readonly string[]>();

/** The library's rendering of a lone scalar: a header line and, for block scalars, unindented content lines. */
function scalarLines(v: Scalar): readonly string[] {
  let lines = scalarCache.get(v);
  if (!lines) {
    // One library call per new scalar: its plain text also answers the 1.1 check (quoted only when needed).
    const text = stringify(v, YAML_OPTIONS);
    const quoted = typeof v === 'string' && plainButMisreadIn11(v, text) ? stringify(v, QUOTED) : text;
    lines = quoted.replace(/\n$/, '').split('\n');
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

/** Same text as the library's (`libraryYaml`) for plain data. */
export function emitYaml(value: unknown): string {
  try {
    const out: string[] = [];
    if (isObject(value) && Object.keys(value).length > 0) pushMap(out, value, '');
    else if (Array.isArray(value) && value.length > 0) pushSeq(out, value, '');
    else return libraryYaml(value);
    return `${out.join('\n')}\n`;
  } catch (e) {
    if (e instanceof Unusual) return libraryYaml(value);
    throw e;
  }
}

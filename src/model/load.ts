// Loading a model: find the file, read it and what it `extends`, merge the target's overlay, then validate
// in two stages (schema, semantics). Every problem of every stage is collected and reported at once, each
// with its model path and, where it can be found, the file and line it comes from.
import { dirname, isAbsolute, join, resolve } from 'node:path';
import type { z } from 'zod';
import { CORE_SCHEMA, load as loadYaml } from 'js-yaml';
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Document } from 'yaml';
import { OhEnvError, type Issue } from '../errors.js';
import type { FileReader } from './file-reader.js';
import { deepMerge } from './merge.js';
import { EnvironmentSchema, type Environment, type Target } from './schema.js';
import { fromZod } from './schema-issues.js';
import { checkSemantics } from './semantic.js';

/** Model files looked for, in order, when no `-f` is given. */
export const DISCOVERY = ['oh-env.yaml', 'oh-env.yml', join('envs', 'openhands.yaml')];

export interface LoadedModel {
  readonly env: Environment;
  readonly warnings: readonly Issue[];
  /** Files merged into this model, base first. */
  readonly sources: readonly string[];
  /** The model file itself. */
  readonly file: string;
}

export interface LoadOptions {
  readonly file?: string;
  readonly cwd: string;
  /** Merge this target's overlay. */
  readonly target?: Target;
  /** An explicit overlay file, or false for none. Default: `<target>/overlay.yaml` or `envs/<target>/overlay.yaml` beside the model. */
  readonly overlay?: string | false;
  /** How file names appear in issues and messages (the CLI shows them relative to the working directory). */
  readonly display?: (path: string) => string;
}

interface ParsedFile {
  readonly path: string;
  readonly data: unknown;
  /** The document with source positions, parsed on first use: only needed to say where a problem is. */
  readonly located: () => { readonly doc: Document; readonly lines: LineCounter };
}

export function discoverModel(cwd: string, fs: FileReader): string {
  for (const candidate of DISCOVERY) {
    const p = join(cwd, candidate);
    if (fs.exists(p)) return p;
  }
  throw new OhEnvError('E_MODEL_NOT_FOUND', `no model file found in ${cwd}`, {
    hint: `create ${DISCOVERY[0]} (see docs/model.md) or pass one with -f FILE`,
  });
}

export function overlayPath(model: string, target: Target, fs: FileReader): string | undefined {
  const dir = dirname(model);
  return [join(dir, target, 'overlay.yaml'), join(dir, 'envs', target, 'overlay.yaml')].find((p) => fs.exists(p));
}

/**
 * Parsed files by content: `validate all`, the golden tests and the benchmarks load one model for several
 * targets, and parsing a large model is most of the loading time. Entries are read-only (toJS gives fresh data
 * to merge). Bounded so a long-lived process does not grow.
 */
const parsed = new Map<string, ParsedFile>();
const PARSE_CACHE_MAX = 32;

function parseFile(path: string, fs: FileReader, show: (p: string) => string): ParsedFile {
  if (!fs.exists(path))
    throw new OhEnvError('E_MODEL_NOT_FOUND', `model file not found: ${show(path)}`, {
      hint: 'check the path given with -f or in extends',
    });
  const text = fs.read(path);
  const cached = parsed.get(text);
  if (cached) return { ...cached, path };
  let located: { doc: Document; lines: LineCounter } | undefined;
  const locate = () => {
    if (!located) {
      const lines = new LineCounter();
      located = { doc: parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true }), lines };
    }
    return located;
  };
  // The fast parser (YAML 1.2 core schema, as the `yaml` library reads it) does the common case; the `yaml`
  // library, which keeps positions, parses only when a problem must be located — that is most of the
  // loading time of a large model saved.
  let data: unknown;
  try {
    data = loadYaml(text, { schema: CORE_SCHEMA, filename: path });
  } catch {
    const { doc, lines } = locate();
    if (doc.errors.length > 0)
      throw new OhEnvError('E_MODEL_PARSE', `${show(path)} is not valid YAML`, {
        hint: 'fix the YAML syntax at the lines shown',
        issues: doc.errors.map((e) => {
          const at = lines.linePos(e.pos[0]);
          return {
            path: '(yaml)',
            file: `${show(path)}:${at.line}:${at.col}`,
            message: e.message.split('\n')[0] ?? e.message,
          };
        }),
      });
    data = doc.toJS();
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data))
    throw new OhEnvError('E_MODEL_INVALID', `${show(path)} does not hold a mapping`, {
      issues: [
        {
          path: '(root)',
          message: 'the document is not a mapping',
          expected: 'apiVersion, kind, metadata, …',
          file: show(path),
        },
      ],
    });
  const file: ParsedFile = { path, data, located: locate };
  if (parsed.size >= PARSE_CACHE_MAX) parsed.clear();
  parsed.set(text, file);
  return file;
}

/** A file and what it extends, base first. */
function readChain(path: string, fs: FileReader, show: (p: string) => string, seen: string[] = []): ParsedFile[] {
  if (seen.includes(path))
    throw new OhEnvError('E_MODEL_INVALID', `extends loops back to ${show(path)}`, {
      issues: [
        { path: 'extends', message: `cycle: ${[...seen, path].map(show).join(' → ')}`, hint: 'remove one extends' },
      ],
    });
  const file = parseFile(path, fs, show);
  const ext = (file.data as { extends?: unknown }).extends;
  if (ext === undefined) return [file];
  if (typeof ext !== 'string')
    throw new OhEnvError('E_MODEL_INVALID', `${show(path)}: extends must be a path`, {
      issues: [
        { path: 'extends', message: 'not a string', expected: 'a path relative to this file', file: show(path) },
      ],
    });
  const base = isAbsolute(ext) ? ext : resolve(dirname(path), ext);
  return [...readChain(base, fs, show, [...seen, path]), file];
}

/** Splits `services.app.ports[1].port` back into keys. */
function pathKeys(path: string): (string | number)[] {
  const keys: (string | number)[] = [];
  for (const m of path.matchAll(/([^.[\]]+)|\[(\d+)\]|\["((?:[^"\\]|\\.)*)"\]/g)) {
    if (m[1] !== undefined) keys.push(m[1]);
    else if (m[2] !== undefined) keys.push(Number(m[2]));
    else if (m[3] !== undefined) keys.push(JSON.parse(`"${m[3]}"`) as string);
  }
  return keys;
}

/** file:line of the deepest node on the issue's path, searching the last (overlay) file first. */
function locate(issue: Issue, files: readonly ParsedFile[]): string | undefined {
  const keys = pathKeys(issue.path);
  let best: { depth: number; where: string } | undefined;
  for (const f of [...files].reverse()) {
    const { doc, lines } = f.located();
    let node: unknown = doc.contents;
    let depth = 0;
    let range: [number, number, number] | undefined = (node as { range?: [number, number, number] }).range;
    for (const key of keys) {
      let next: unknown;
      if (isMap(node)) {
        const pair = node.items.find((p) => isScalar(p.key) && p.key.value === key);
        if (pair) {
          next = pair.value ?? pair.key;
          range = (pair.key as { range?: [number, number, number] }).range ?? range;
        }
      } else if (isSeq(node) && typeof key === 'number') next = node.items[key];
      if (next === undefined) break;
      node = next;
      depth++;
      if (!isMap(node) && !isSeq(node)) range = (node as { range?: [number, number, number] }).range ?? range;
    }
    if (range && (!best || depth > best.depth)) {
      const at = lines.linePos(range[0]);
      best = { depth, where: `${f.path}:${at.line}:${at.col}` };
    }
    if (best?.depth === keys.length) break;
  }
  return best?.where;
}

const RECORDS = ['services', 'jobs', 'backends', 'secrets'] as const;

/**
 * When the schema rejects parts of a model, the semantic checks still run on the rest, so one `validate`
 * reports every problem: rejected entries are swapped for placeholders (and their follow-on problems
 * dropped), rejected optional sections are left out.
 */
function bestEffort(
  raw: unknown,
  zodIssues: readonly z.core.$ZodIssue[],
): { env: Environment; invalid: [string, string][] } | undefined {
  const copy = structuredClone(raw) as Record<string, Record<string, unknown> | undefined>;
  const invalid: [string, string][] = [];
  let issues = zodIssues;
  for (let round = 0; round < 4; round++) {
    for (const issue of issues) {
      if (round < 2) prune(copy, issue);
      else replaceEntry(copy, issue.path, invalid);
    }
    const again = EnvironmentSchema.safeParse(copy);
    if (again.success) return { env: again.data, invalid };
    issues = again.error.issues;
  }
  return undefined;
}

/** First rounds: drop just the offending field (or unknown keys), keeping the rest of the entry checkable. */
function prune(root: unknown, issue: z.core.$ZodIssue): void {
  const parentPath = issue.code === 'unrecognized_keys' ? issue.path : issue.path.slice(0, -1);
  const parent = parentPath.reduce<unknown>(
    (v, k) => (v && typeof v === 'object' ? (v as Record<PropertyKey, unknown>)[k] : undefined),
    root,
  );
  if (!parent || typeof parent !== 'object' || Array.isArray(parent)) return;
  const keys = issue.code === 'unrecognized_keys' ? issue.keys : [issue.path[issue.path.length - 1]];
  for (const k of keys) {
    if (k === undefined) continue;
    // Required scalars get a stand-in so the entry itself survives for the semantic checks.
    if (k === 'image') (parent as Record<string, unknown>)[k] = 'placeholder:0';
    else if (k === 'name' && parentPath.length === 1 && parentPath[0] === 'metadata')
      (parent as Record<string, unknown>)[k] = 'placeholder';
    else delete (parent as Record<PropertyKey, unknown>)[k];
  }
}

/** Later rounds: swap a whole rejected entry for a placeholder, or leave out a rejected optional section. */
function replaceEntry(
  copy: Record<string, Record<string, unknown> | undefined>,
  path: readonly PropertyKey[],
  invalid: [string, string][],
): void {
  const [section, name] = path;
  if (typeof section !== 'string') return;
  const record = copy[section];
  if ((RECORDS as readonly string[]).includes(section) && typeof name === 'string' && record?.[name] !== undefined) {
    invalid.push([section, name]);
    const type = (record[name] as { type?: unknown }).type;
    record[name] =
      section === 'services' || section === 'jobs'
        ? { image: 'placeholder:0' }
        : section === 'secrets'
          ? {}
          : type === 'postgres'
            ? { type, database: 'x', user: 'x', passwordSecret: name }
            : type === 'bucket'
              ? { type, bucket: 'placeholder' }
              : { type: 'redis' };
  } else if (section === 'metadata') copy.metadata = { name: 'placeholder' };
  else if (!(RECORDS as readonly string[]).includes(section)) delete copy[section];
}

/** `path:line:col` with the path shown as the caller wants. */
function showLocation(where: string, show: (p: string) => string): string {
  const m = /^(.*?)(:\d+:\d+)?$/.exec(where);
  return m ? `${show(m[1] ?? where)}${m[2] ?? ''}` : where;
}

/** Issues in the order they appear in the files, so the list reads top to bottom. */
function byLocation(a: Issue, b: Issue): number {
  const key = (i: Issue): [string, number, number] => {
    const m = /^(.*):(\d+):(\d+)$/.exec(i.file ?? '');
    return m ? [m[1]!, Number(m[2]), Number(m[3])] : [i.file ?? '', 0, 0];
  };
  const [fa, la, ca] = key(a);
  const [fb, lb, cb] = key(b);
  return fa < fb ? -1 : fa > fb ? 1 : la - lb || ca - cb;
}

/** Reads, merges and validates a model. Throws OhEnvError E_MODEL_INVALID listing every problem. */
export function loadModel(opts: LoadOptions, fs: FileReader): LoadedModel {
  const file = opts.file ? resolve(opts.cwd, opts.file) : discoverModel(opts.cwd, fs);
  const show = opts.display ?? ((p: string) => p);
  const files = readChain(file, fs, show);
  const overlay =
    opts.overlay === false
      ? undefined
      : opts.overlay
        ? resolve(opts.cwd, opts.overlay)
        : opts.target
          ? overlayPath(file, opts.target, fs)
          : undefined;
  if (overlay) files.push(parseFile(overlay, fs, show));
  let raw: unknown = {};
  for (const f of files) raw = deepMerge(raw, f.data);
  delete (raw as { extends?: unknown }).extends;

  const parsed = EnvironmentSchema.safeParse(raw);
  const issues: Issue[] = parsed.success ? [] : fromZod(parsed.error.issues, EnvironmentSchema, raw);
  let warnings: Issue[] = [];
  const semantic = parsed.success ? { env: parsed.data, invalid: [] } : bestEffort(raw, parsed.error.issues);
  if (semantic) {
    const sem = checkSemantics(semantic.env);
    // Problems that follow from an entry the schema already rejected would only repeat it.
    const mentionsInvalid = (i: Issue): boolean =>
      semantic.invalid.some(
        ([section, name]) => i.path.startsWith(`${section}.${name}`) || i.message.includes(`"${name}"`),
      );
    issues.push(...sem.errors.filter((i) => !mentionsInvalid(i)));
    warnings = sem.warnings.filter((i) => !mentionsInvalid(i));
  }
  const withFiles = (list: Issue[]): Issue[] =>
    list
      .map((i) => ({ ...i, file: i.file ?? locate(i, files) }))
      .map((i) => ({ ...i, file: i.file === undefined ? undefined : showLocation(i.file, show) }))
      .sort(byLocation);
  if (!parsed.success || issues.length > 0) {
    const n = issues.length;
    throw new OhEnvError('E_MODEL_INVALID', `${show(file)}: ${n} problem${n === 1 ? '' : 's'} in the model`, {
      hint: 'fix every problem listed, then run `oh-env validate` again; nothing was written',
      issues: withFiles(issues),
    });
  }
  return { env: parsed.data, warnings: withFiles(warnings), sources: files.map((f) => f.path), file };
}

// Turns zod's issues into ours: one Issue per problem, with the model path, what was expected and a hint.
import type { z } from 'zod';
import type { Issue } from '../errors.js';
import { closest } from './suggest.js';
import { formatPath } from './path.js';

type ZodIssue = z.core.$ZodIssue;

const describe = (v: unknown): string =>
  v === undefined
    ? 'nothing'
    : v === null
      ? 'null'
      : Array.isArray(v)
        ? 'a list'
        : typeof v === 'object'
          ? 'a mapping'
          : `${typeof v} ${JSON.stringify(v)}`;

/** Known field names at a path, found by walking the schema, for "did you mean" hints. */
export function knownFields(schema: z.ZodType, path: readonly PropertyKey[]): string[] {
  let s: unknown = schema;
  const unwrap = (x: unknown): unknown => {
    for (;;) {
      const def = (x as { def?: { type?: string; innerType?: unknown; in?: unknown } }).def;
      if (!def) return x;
      if (def.type === 'optional' || def.type === 'default' || def.type === 'nullable' || def.type === 'prefault')
        x = def.innerType;
      else if (def.type === 'pipe') x = def.in;
      else return x;
    }
  };
  for (const key of path) {
    s = unwrap(s);
    const def = (
      s as {
        def: {
          type: string;
          shape?: Record<string, unknown>;
          valueType?: unknown;
          element?: unknown;
          options?: unknown[];
        };
      }
    ).def;
    if (def.type === 'object' && def.shape && typeof key === 'string') s = def.shape[key];
    else if (def.type === 'record') s = def.valueType;
    else if (def.type === 'array') s = def.element;
    else return [];
    if (s === undefined) return [];
  }
  s = unwrap(s);
  const def = (s as { def: { type: string; shape?: Record<string, unknown>; options?: unknown[] } }).def;
  if (def.type === 'object' && def.shape) return Object.keys(def.shape);
  if (def.type === 'union' && def.options) {
    return [
      ...new Set(def.options.flatMap((o) => Object.keys((unwrap(o) as { def: { shape?: object } }).def.shape ?? {}))),
    ];
  }
  return [];
}

export function fromZod(issues: readonly ZodIssue[], schema: z.ZodType, input: unknown): Issue[] {
  const out: Issue[] = [];
  const valueAt = (path: readonly PropertyKey[]): unknown =>
    path.reduce<unknown>(
      (v, k) => (v && typeof v === 'object' ? (v as Record<PropertyKey, unknown>)[k] : undefined),
      input,
    );
  for (const issue of issues) {
    const path = issue.path;
    switch (issue.code) {
      case 'unrecognized_keys': {
        const known = knownFields(schema, path);
        for (const key of issue.keys) {
          const guess = closest(key, known);
          out.push({
            path: formatPath([...path, key]),
            message: `unknown field "${key}"`,
            expected: known.length ? `one of: ${known.join(', ')}` : 'no extra fields here',
            hint: guess ? `did you mean "${guess}"?` : 'remove it, or check the model reference (docs/model.md)',
          });
        }
        break;
      }
      case 'invalid_type': {
        const got = valueAt(path);
        out.push({
          path: formatPath(path),
          message: got === undefined ? 'required field is missing' : `wrong type: got ${describe(got)}`,
          expected: issue.expected,
          hint:
            got === undefined
              ? 'add it'
              : `write ${issue.expected === 'record' ? 'a mapping' : `a ${issue.expected}`} here`,
        });
        break;
      }
      case 'invalid_value':
        out.push({
          path: formatPath(path),
          message: `invalid value ${describe(valueAt(path))}`,
          expected: `one of: ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`,
          hint: closestValueHint(valueAt(path), issue.values),
        });
        break;
      case 'invalid_union': {
        const disc = issue.discriminator;
        const at = disc && path[path.length - 1] !== disc ? [...path, disc] : path;
        const options = 'options' in issue ? (issue.options ?? []) : [];
        out.push({
          path: formatPath(at),
          message: disc ? `unknown ${disc} ${describe(valueAt(at))}` : 'matches none of the allowed forms',
          expected: options.length ? `one of: ${options.map((v) => JSON.stringify(v)).join(', ')}` : issue.message,
        });
        break;
      }
      case 'invalid_key':
        out.push({
          path: formatPath(path),
          message: `invalid name "${String(path[path.length - 1] ?? '')}"`,
          expected: issue.issues[0]?.message ?? 'a valid name',
          hint: 'rename it',
        });
        break;
      case 'too_small':
      case 'too_big':
        out.push({
          path: formatPath(path),
          message: `${issue.code === 'too_small' ? 'too small' : 'too large'}: ${describe(valueAt(path))}`,
          expected: `${issue.origin === 'array' ? 'a list with' : issue.origin === 'string' ? 'a length' : 'a value'} ${issue.code === 'too_small' ? '≥' : '≤'} ${String(issue.code === 'too_small' ? issue.minimum : issue.maximum)}`,
        });
        break;
      default:
        out.push({
          path: formatPath(path),
          message: `invalid value ${describe(valueAt(path))}`,
          expected: issue.message.replace(/^Invalid (string|input): /, ''),
        });
    }
  }
  return out;
}

function closestValueHint(got: unknown, values: readonly unknown[]): string | undefined {
  if (typeof got !== 'string') return undefined;
  const guess = closest(
    got,
    values.filter((v): v is string => typeof v === 'string'),
  );
  return guess ? `did you mean "${guess}"?` : undefined;
}

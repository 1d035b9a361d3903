// Docs name real files and functions: every repository path written in backticks in README.md or docs/*.md
// exists (a `<placeholder>` in a path stands for any name), and every `name()` in docs/architecture.md is
// defined in a file named on the same line (or, when the line names none, somewhere under src/ or tui/).
// Names that do not exist are a lie: a rename must update the docs in the same change.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { documents, DOCS_ROOT as ROOT } from '../e2e/docs/docs.js';

const PATH = /^(src|tui|e2e|scripts|bin|schema|fixtures|envs|bench|docs|\.ci)\/[\w./<>*-]*$/;
const CALL = /^(?:new )?([A-Za-z_$][\w$]*)\(\)$/;

/** Backticked tokens of a markdown line, outside fenced blocks. */
function codeSpans(markdown: string): { line: number; text: string; spans: string[] }[] {
  const out: { line: number; text: string; spans: string[] }[] = [];
  let fenced = false;
  markdown.split('\n').forEach((text, i) => {
    if (/^\s*(```|~~~)/.test(text)) fenced = !fenced;
    if (fenced) return;
    const spans = [...text.matchAll(/`([^`]+)`/g)].map((m) => m[1]!.trim());
    if (spans.length > 0) out.push({ line: i + 1, text, spans });
  });
  return out;
}

/** A path with <placeholder> segments exists when some entry matches each segment. */
function pathExists(path: string): boolean {
  const clean = path.replace(/[.,:;]+$/, '').replace(/\/$/, '');
  if (!/[<*]/.test(clean)) return existsSync(join(ROOT, clean));
  const walk = (dir: string, segs: string[]): boolean => {
    if (segs.length === 0) return true;
    const [seg, ...rest] = segs as [string, ...string[]];
    if (seg === '…' || seg === '...') return true;
    const re = new RegExp(`^${seg.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/<[^>]+>|\*/g, '.+')}$`);
    if (!existsSync(dir) || !statSync(dir).isDirectory()) return false;
    return readdirSync(dir).some((e) => re.test(e) && walk(join(dir, e), rest));
  };
  return walk(ROOT, clean.split('/'));
}

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(join(ROOT, dir), { withFileTypes: true })) {
    const p = `${dir}/${e.name}`;
    if (e.isDirectory()) out.push(...sourceFiles(p));
    else if (/\.tsx?$/.test(e.name) && !/\.test\.tsx?$/.test(e.name)) out.push(p);
  }
  return out;
}

const defines = (file: string, name: string): boolean =>
  existsSync(join(ROOT, file)) &&
  statSync(join(ROOT, file)).isFile() &&
  new RegExp(
    `(function\\*?\\s+${name}\\b|(const|let|class|interface|type)\\s+${name}\\b|^\\s*(async\\s+)?${name}\\s*[(<]|^\\s*(readonly\\s+)?${name}\\??:)`,
    'm',
  ).test(readFileSync(join(ROOT, file), 'utf8'));

test('every repository path the docs name exists', () => {
  const missing: string[] = [];
  for (const doc of documents()) {
    for (const { line, spans } of codeSpans(readFileSync(join(ROOT, doc), 'utf8')))
      for (const s of spans) if (PATH.test(s) && !pathExists(s)) missing.push(`${doc}:${line} ${s}`);
  }
  assert.deepEqual(missing, [], 'paths named in the docs that do not exist');
});

/** Paragraphs, list items and table rows of a markdown text outside fenced blocks, with their first line. */
function units(markdown: string): { line: number; text: string }[] {
  const out: { line: number; text: string }[] = [];
  let fenced = false;
  markdown.split('\n').forEach((text, i) => {
    if (/^\s*(```|~~~)/.test(text)) fenced = !fenced;
    if (fenced || !text.trim()) {
      if (out.at(-1)?.text !== '') out.push({ line: i + 1, text: '' });
      return;
    }
    if (/^\s*(\d+\.|-|\|)\s/.test(text) || out.at(-1)?.text === '' || out.length === 0) out.push({ line: i + 1, text });
    else out.at(-1)!.text += ` ${text.trim()}`;
  });
  return out.filter((u) => u.text);
}

test('every function docs/architecture.md names is defined where it says', () => {
  const all = [...sourceFiles('src'), ...sourceFiles('tui')];
  const wrong: string[] = [];
  for (const { line, text } of units(readFileSync(join(ROOT, 'docs/architecture.md'), 'utf8'))) {
    const files = [...text.matchAll(/`([^`]+)`/g)].map((m) => m[1]!).filter((s) => PATH.test(s) && /\.tsx?$/.test(s));
    // "`fn()` in `file`" names the file exactly; otherwise one of the files of the same paragraph or row.
    for (const m of text.matchAll(/`([^`]+)`(\s+in\s+`([^`]+)`)?/g)) {
      const name = CALL.exec(m[1]!.trim())?.[1];
      if (!name) continue;
      const where = m[3] ? [m[3]] : files.length > 0 ? files : all;
      if (!where.some((f) => defines(f, name)))
        wrong.push(
          `docs/architecture.md:${line} ${m[1]} is not defined in ${where.length === all.length ? 'src/ or tui/' : where.join(', ')}`,
        );
    }
  }
  assert.deepEqual(wrong, []);
});

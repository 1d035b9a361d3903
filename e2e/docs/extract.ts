// The commands a document shows, in document order, so a test can run each one as written. Pure: markdown
// text in, commands out. What counts as a command:
//  - a fenced block tagged sh, bash, shell or console, or an untagged/`text` block with a line starting "$ ";
//  - in a block with "$ " lines (a transcript), each "$ " line is a command and the lines after it, up to the
//    next "$ " line, are the output the document shows for it;
//  - in any other sh/bash/shell block, every line that is not blank or a comment;
//  - a trailing "\" joins the next line; a trailing " # comment" is the doc's explanation, not the command;
//  - "a && b" is two commands, so one of them can be on the allow-list without the other.

export interface DocCommand {
  /** The document, relative to the repository root (README.md, docs/lab.md). */
  readonly doc: string;
  /** 1-based line of the command in the document. */
  readonly line: number;
  /** Which fenced block of the document it is in (0-based): commands of one block form one shell session step. */
  readonly block: number;
  /** The command, as a shell would run it (continuations joined, explanation stripped). */
  readonly command: string;
  /** The output a transcript shows for it (empty for sh blocks); "..." or "…" ends what is compared. */
  readonly output: readonly string[];
}

const SHELL_LANGS = new Set(['sh', 'bash', 'shell', 'console']);
const PROMPT = /^\$ /;

/** The index of a trailing comment ("  # ..." outside quotes), or -1. */
function commentStart(line: string): number {
  let quote: string | undefined;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (quote) {
      if (c === quote) quote = undefined;
      else if (c === '\\' && quote === '"') i++;
    } else if (c === "'" || c === '"') quote = c;
    else if (c === '\\') i++;
    else if (c === '#' && (i === 0 || /\s/.test(line[i - 1]!))) return i;
  }
  return -1;
}

/** Splits a command at top-level "&&" (outside quotes and $(...)). */
export function splitAnd(command: string): string[] {
  const parts: string[] = [];
  let quote: string | undefined;
  let depth = 0;
  let start = 0;
  for (let i = 0; i < command.length; i++) {
    const c = command[i]!;
    if (quote) {
      if (c === quote) quote = undefined;
      else if (c === '\\' && quote === '"') i++;
    } else if (c === "'" || c === '"') quote = c;
    else if (c === '(') depth++;
    else if (c === ')') depth--;
    else if (c === '&' && command[i + 1] === '&' && depth === 0) {
      parts.push(command.slice(start, i).trim());
      start = i + 2;
      i++;
    }
  }
  parts.push(command.slice(start).trim());
  return parts.filter(Boolean);
}

function stripComment(line: string): string {
  const at = commentStart(line);
  return (at >= 0 ? line.slice(0, at) : line).trimEnd();
}

interface Block {
  readonly lang: string;
  /** 1-based line of the block's first content line. */
  readonly firstLine: number;
  readonly lines: readonly string[];
}

function fencedBlocks(markdown: string): Block[] {
  const blocks: Block[] = [];
  const lines = markdown.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const open = /^(\s*)(`{3,}|~{3,})\s*([\w-]*)/.exec(lines[i]!);
    if (!open) continue;
    const fence = open[2]!;
    const body: string[] = [];
    let j = i + 1;
    for (; j < lines.length && !lines[j]!.trimStart().startsWith(fence); j++) body.push(lines[j]!);
    blocks.push({ lang: open[3]!.toLowerCase(), firstLine: i + 2, lines: body });
    i = j;
  }
  return blocks;
}

/** Joins "\"-continued lines; each entry keeps the line number where it starts. */
function logicalLines(block: Block): { line: number; text: string }[] {
  const out: { line: number; text: string }[] = [];
  let pending: { line: number; text: string } | undefined;
  block.lines.forEach((raw, k) => {
    const text = pending ? raw.trim() : raw;
    if (pending) pending.text += ` ${text}`;
    else pending = { line: block.firstLine + k, text };
    if (pending.text.endsWith('\\')) pending.text = pending.text.slice(0, -1).trimEnd();
    else {
      out.push(pending);
      pending = undefined;
    }
  });
  if (pending) out.push(pending);
  return out;
}

export function extractCommands(doc: string, markdown: string): DocCommand[] {
  const out: DocCommand[] = [];
  for (const [index, block] of fencedBlocks(markdown).entries()) {
    const transcript = block.lines.some((l) => PROMPT.test(l));
    const shell = SHELL_LANGS.has(block.lang);
    if (!shell && !(transcript && (block.lang === '' || block.lang === 'text'))) continue;
    const lines = logicalLines(block);
    if (transcript) {
      lines.forEach((l, k) => {
        if (!PROMPT.test(l.text)) return;
        const output: string[] = [];
        for (const next of lines.slice(k + 1)) {
          if (PROMPT.test(next.text)) break;
          output.push(next.text);
        }
        for (const command of splitAnd(stripComment(l.text.replace(PROMPT, ''))))
          out.push({ doc, line: l.line, block: index, command, output });
      });
    } else {
      for (const l of lines) {
        const text = stripComment(l.text).trim();
        if (!text) continue;
        for (const command of splitAnd(text)) out.push({ doc, line: l.line, block: index, command, output: [] });
      }
    }
  }
  return out;
}

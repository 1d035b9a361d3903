// The one place errors are printed: code, message, every model issue with its path, file and hint, then the
// overall hint. With --json the same content goes to stdout as {"ok": false, "error": {...}}.
import type { Command } from './command.js';
import type { CliIO } from './io.js';
import { OhEnvError, type Issue } from '../errors.js';
import { paint } from './paint.js';

export function issueLines(i: Issue, color: boolean): string[] {
  const lines = [
    `  ${paint(color, 'bold', i.path)}${i.file ? paint(color, 'dim', `  (${i.file})`) : ''}`,
    `    ${i.message}`,
  ];
  if (i.expected) lines.push(`    expected: ${i.expected}`);
  if (i.hint) lines.push(`    hint: ${i.hint}`);
  return lines;
}

export function printError(io: CliIO, e: unknown, json: boolean, _cmd?: Command): number {
  const err =
    e instanceof OhEnvError
      ? e
      : new OhEnvError('E_INTERNAL', e instanceof Error ? e.message : String(e), {
          cause: e,
          hint: 'this is a bug in oh-env; please report it with the command you ran',
        });
  if (json) {
    io.stdout.write(
      `${JSON.stringify({ ok: false, error: { code: err.code, message: err.message, hint: err.hint, issues: err.issues, details: err.details } }, null, 2)}\n`,
    );
    return err.exitCode;
  }
  const color = io.env.NO_COLOR === undefined && io.stderr.isTTY === true;
  const out = [`${paint(color, 'red', `error[${err.code}]`)}: ${err.message}`];
  for (const i of err.issues) out.push(...issueLines(i, color));
  for (const d of err.details) out.push(`  ${d}`);
  if (err.hint) out.push(`${paint(color, 'cyan', 'hint')}: ${err.hint}`);
  if (err.code === 'E_INTERNAL' && err.cause instanceof Error && err.cause.stack)
    out.push(paint(color, 'dim', err.cause.stack));
  io.stderr.write(`${out.join('\n')}\n`);
  return err.exitCode;
}

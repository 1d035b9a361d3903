import type { Command } from '../command.js';
import { loadForCommand, OVERLAY_HELP, OVERLAY_OPTIONS, parseTarget } from '../model.js';
import { TARGETS } from '../../model/targets.js';
import { paint } from '../paint.js';
import { displayPath } from '../sources.js';

const command: Command = {
  name: 'validate',
  summary: 'check a model: schema and semantics, every problem at once',
  usage: 'oh-env validate [local|kind|gke|all] [-f FILE] [--json]',
  help: `Checks the model against the schema (types, formats, unknown fields) and then its meaning (names,
port clashes, references to undeclared services, backends or secrets, jobs used as long-running
dependencies, cycles). Every problem is listed with its path in the model, the file and line, what was
expected and a hint. With a target, that target's overlay is merged first; "all" checks every target.
Exit code 0 when valid, 2 when not. Nothing is written.

Examples:
  oh-env validate
  oh-env validate all -f envs/openhands.yaml
  oh-env validate gke --json`,
  options: OVERLAY_OPTIONS,
  optionHelp: OVERLAY_HELP,
  async run(ctx) {
    const which = ctx.args[0];
    const targets =
      which === undefined ? [undefined] : which === 'all' ? [...TARGETS] : [parseTarget(which, this.usage)];
    const results = [];
    for (const t of targets) {
      const loaded = await loadForCommand(ctx, t);
      results.push({ target: t ?? null, file: loaded.file, sources: loaded.sources, warnings: loaded.warnings });
      if (!ctx.json) {
        const counts = `${Object.keys(loaded.env.services).length} services, ${Object.keys(loaded.env.jobs).length} jobs, ${Object.keys(loaded.env.backends).length} backends, ${Object.keys(loaded.env.secrets).length} secrets`;
        ctx.io.stderr.write(
          `${paint(ctx.color, 'green', '✓')} ${displayPath(ctx.io.cwd, loaded.file)}${t ? ` (${t})` : ''} is valid: ${counts}\n`,
        );
      }
    }
    if (ctx.json) ctx.io.stdout.write(`${JSON.stringify({ ok: true, results }, null, 2)}\n`);
    return 0;
  },
};
export default command;

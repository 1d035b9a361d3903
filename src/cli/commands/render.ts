import { join, resolve } from 'node:path';
import type { Command } from '../command.js';
import { loadForCommand, OVERLAY_HELP, OVERLAY_OPTIONS, parseTarget, printWarnings } from '../model.js';
import { loadTarget } from '../../targets/registry.js';
import type { RenderInput } from '../../render/input.js';
import { displayPath } from '../sources.js';
import { diskReader, writeFileAtomic } from '../../drivers/files.js';
import { OhEnvError } from '../../errors.js';
import { paint } from '../paint.js';

const command: Command = {
  name: 'render',
  summary: 'render a target: Compose file, kind or GKE manifests',
  usage: 'oh-env render <local|kind|gke> [--out DIR] [--check] [-f FILE]',
  help: `Renders the model (with the target's overlay) into what the target runs:
  local  docker-compose.yml (services, networks, volumes, health checks, depends_on conditions, emulators)
  kind   kind-cluster.yaml and manifests.yaml (namespace, RBAC, workloads, probes, emulators, migrations Job)
  gke    manifests.yaml with GKE specifics, plan.json and plan.sh (the GCP provisioning plan)
Without --out the files go to stdout. Rendering is pure and deterministic: the same model gives
byte-identical files. Secret values never appear in the output. Nothing is written when the model is
invalid.

Examples:
  oh-env render local --out .
  oh-env render kind --out envs/kind
  oh-env render gke --check --out envs/gke   # exit 1 when the committed files are stale`,
  options: { ...OVERLAY_OPTIONS, out: { type: 'string', short: 'o' }, check: { type: 'boolean' } },
  optionHelp: {
    ...OVERLAY_HELP,
    out: 'write the files into DIR (created if missing) instead of stdout',
    check: 'compare with the files in --out and exit 1 when any differs (writes nothing)',
  },
  async run(ctx) {
    const target = parseTarget(ctx.args[0], this.usage);
    const adapter = await loadTarget(target);
    const loaded = await loadForCommand(ctx, target);
    const out = ctx.options.out as string | undefined;
    const overlay = ctx.options['no-overlay'] === true ? false : (ctx.options.overlay as string | undefined);
    const input: RenderInput = {
      env: loaded.env,
      sources: loaded.sources.map((s) => displayPath(ctx.io.cwd, s)),
      model: displayPath(ctx.io.cwd, loaded.file),
      // Normalised (`envs/kind/` and `./envs/kind` are envs/kind), so the header of a --check matches the write.
      ...(out !== undefined ? { out: displayPath(ctx.io.cwd, resolve(ctx.io.cwd, out)) } : {}),
      ...(overlay === false
        ? { overlay }
        : overlay !== undefined
          ? { overlay: displayPath(ctx.io.cwd, resolve(ctx.io.cwd, overlay)) }
          : {}),
    };
    const result = adapter.render(input);
    if (!ctx.json) printWarnings(ctx, result.warnings);
    if (ctx.options.check) {
      if (!out)
        throw new OhEnvError('E_USAGE', '--check needs --out DIR', {
          hint: 'name the directory holding the committed render',
        });
      const stale = result.files.filter((f) => {
        const p = join(resolve(ctx.io.cwd, out), f.path);
        return !diskReader.exists(p) || diskReader.read(p) !== f.content;
      });
      if (ctx.json)
        ctx.io.stdout.write(
          `${JSON.stringify({ ok: stale.length === 0, stale: stale.map((f) => f.path) }, null, 2)}\n`,
        );
      for (const f of stale) ctx.io.stderr.write(`${paint(ctx.color, 'red', 'stale')}: ${join(out, f.path)}\n`);
      if (stale.length > 0 && !ctx.json)
        ctx.io.stderr.write(
          `hint: regenerate with \`oh-env render ${target} --out ${out}\` (or npm run golden:update)\n`,
        );
      return stale.length === 0 ? 0 : 1;
    }
    if (out) {
      const dir = resolve(ctx.io.cwd, out);
      for (const f of result.files) writeFileAtomic(join(dir, f.path), f.content);
      if (ctx.json)
        ctx.io.stdout.write(
          `${JSON.stringify({ ok: true, written: result.files.map((f) => join(out, f.path)) }, null, 2)}\n`,
        );
      else
        for (const f of result.files)
          ctx.io.stderr.write(`${paint(ctx.color, 'green', 'wrote')} ${join(out, f.path)}\n`);
      return 0;
    }
    if (ctx.json) {
      ctx.io.stdout.write(
        `${JSON.stringify({ ok: true, target, files: result.files, warnings: result.warnings }, null, 2)}\n`,
      );
    } else if (result.files.length === 1) {
      ctx.io.stdout.write(result.files[0]!.content);
    } else {
      for (const f of result.files) ctx.io.stdout.write(`# ==> ${f.path} <==\n${f.content}`);
    }
    return 0;
  },
};
export default command;

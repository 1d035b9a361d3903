// Loading the model for a command: the same flags (-f, --overlay) and the same warnings output everywhere.
import { OhEnvError } from '../errors.js';
import { diskReader } from '../drivers/files.js';
import { diskModelCache } from '../drivers/model-cache.js';
import type { LoadedModel } from '../model/load.js';
import { loadModelCached } from '../model/load-cached.js';
import { TARGETS, type Target } from '../model/targets.js';
import type { CommandContext } from './command.js';
import { issueLines } from './print-error.js';
import { paint } from './paint.js';
import { displayPath } from './sources.js';
import { BUILD_ID } from './build-id.js';

export function parseTarget(value: string | undefined, usage: string): Target {
  if (value === undefined)
    throw new OhEnvError('E_USAGE', 'missing target', { hint: `name one of ${TARGETS.join(', ')}: ${usage}` });
  if (!(TARGETS as readonly string[]).includes(value))
    throw new OhEnvError('E_USAGE', `unknown target "${value}"`, { hint: `use one of ${TARGETS.join(', ')}` });
  return value as Target;
}

/** The model the command names, validated, through the cache of validated models (see load-cached.ts). */
export async function loadForCommand(ctx: CommandContext, target?: Target): Promise<LoadedModel> {
  const overlay = ctx.options['no-overlay'] === true ? false : (ctx.options.overlay as string | undefined);
  const loaded = await loadModelCached(
    {
      cwd: ctx.io.cwd,
      ...(ctx.options.file ? { file: ctx.options.file as string } : {}),
      ...(target ? { target } : {}),
      ...(overlay !== undefined ? { overlay } : {}),
      // A function of the working directory only, which is part of the cache key.
      display: (p: string) => displayPath(ctx.io.cwd, p),
    },
    diskReader,
    diskModelCache(ctx.io.env),
    BUILD_ID,
  );
  if (!ctx.json) printWarnings(ctx, loaded.warnings);
  return loaded;
}

export function printWarnings(ctx: CommandContext, warnings: LoadedModel['warnings']): void {
  for (const w of warnings)
    ctx.io.stderr.write(`${paint(ctx.color, 'yellow', 'warning')}:\n${issueLines(w, ctx.color).join('\n')}\n`);
}

export const OVERLAY_OPTIONS = {
  overlay: { type: 'string' },
  'no-overlay': { type: 'boolean' },
} as const;

export const OVERLAY_HELP = {
  overlay:
    'overlay file merged onto the model (default: <target>/overlay.yaml or envs/<target>/overlay.yaml beside it)',
  'no-overlay': 'do not merge any overlay',
};

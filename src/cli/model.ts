// Loading the model for a command: the same flags (-f, --overlay) and the same warnings output everywhere.
import { OhEnvError } from '../errors.js';
import { diskReader } from '../drivers/files.js';
import { diskModelCache } from '../drivers/model-cache.js';
import type { LoadedModel } from '../model/load.js';
import { loadModelCached } from '../model/load-cached.js';
import { TARGETS, type Target } from '../model/targets.js';
import type { EventSink } from '../events/types.js';
import { loadTarget, need } from '../targets/registry.js';
import type { Capability, ClusterOptions, TargetAdapter, TargetContext } from '../targets/target.js';
import type { CommandContext } from './command.js';
import { issueLines } from './print-error.js';
import { paint } from './paint.js';
import { displayPath } from './sources.js';
import { BUILD_ID } from './build-id.js';

export function parseTarget(value: string | undefined, usage: string): Target {
  if (value === undefined)
    throw new OhEnvError('E_USAGE', 'missing target', { hint: `name one of ${TARGETS.join(', ')}: ${usage}` });
  if (!isTarget(value))
    throw new OhEnvError('E_USAGE', `unknown target "${value}"`, { hint: `use one of ${TARGETS.join(', ')}` });
  return value as Target;
}

const isTarget = (v: string | undefined): v is Target => (TARGETS as readonly string[]).includes(v ?? '');

/** The target when none is named: the commands that run an environment default to the local one. */
export const DEFAULT_TARGET: Target = 'local';

/**
 * The grammar of up, down, ps, logs and status: `oh-env <command> [target] [args…]`. The first positional is
 * the target when it names one, else the target is local and every positional is the command's own
 * (`oh-env logs app`, `oh-env logs local app`). `maxArgs` is how many the command takes besides the target;
 * one too many is most likely a misspelt target, and is named as such.
 */
export function splitTarget(
  positionals: readonly string[],
  maxArgs: number,
  usage: string,
): { readonly target: Target; readonly args: readonly string[] } {
  const [first, ...others] = positionals;
  const named = isTarget(first);
  const target = named ? first : DEFAULT_TARGET;
  const args = named ? others : positionals;
  if (args.length > maxArgs) {
    const extra = args[maxArgs]!;
    throw new OhEnvError(
      'E_USAGE',
      !named && maxArgs === 0 ? `unknown target "${extra}"` : `unexpected argument "${extra}"`,
      { hint: `targets are ${TARGETS.join(', ')} (default ${DEFAULT_TARGET}): ${usage}` },
    );
  }
  return { target, args };
}

/** The adapter of `target` and its method for `capability`, or E_NOT_IMPLEMENTED before the model is read. */
export async function targetMethod<C extends Capability>(
  target: Target,
  capability: C,
  command: string,
): Promise<{ readonly adapter: TargetAdapter; readonly method: NonNullable<TargetAdapter[C]> }> {
  const adapter = await loadTarget(target);
  return { adapter, method: need(adapter, capability, command) };
}

/** What a target's method gets from a command: the model, the process's environment, the working directory. */
export function targetContext(ctx: CommandContext, loaded: LoadedModel, events: EventSink = NO_EVENTS): TargetContext {
  const cluster = clusterOptions(ctx.options);
  return {
    env: loaded.env,
    procEnv: ctx.io.env,
    workingDir: ctx.io.cwd,
    events,
    ...(ctx.io.signal ? { signal: ctx.io.signal } : {}),
    ...(Object.keys(cluster).length > 0 ? { cluster } : {}),
  };
}

/** The cluster options of the command line (CLUSTER_OPTIONS), as the target context carries them. */
function clusterOptions(o: CommandContext['options']): ClusterOptions {
  const text = (k: string): string | undefined => (typeof o[k] === 'string' ? (o[k] as string) : undefined);
  const out: { -readonly [K in keyof ClusterOptions]: ClusterOptions[K] } = {};
  if (text('cluster')) out.name = text('cluster')!;
  if (text('kube-context')) out.kubeContext = text('kube-context')!;
  if (text('kubeconfig')) out.kubeconfig = text('kubeconfig')!;
  if (text('node-image')) out.nodeImage = text('node-image')!;
  return out;
}

/** Which cluster a Kubernetes target (kind, gke) works on; ignored by local. */
export const CLUSTER_OPTIONS = {
  cluster: { type: 'string' },
  'kube-context': { type: 'string' },
  kubeconfig: { type: 'string' },
} as const;

export const CLUSTER_HELP = {
  cluster: 'kind: use this existing kind cluster (as it is; never deleted) instead of the one the model names',
  'kube-context': 'kind, gke: use this context of the kubeconfig (any cluster; nothing is created)',
  kubeconfig: 'the kubeconfig file --kube-context is read from (default: KUBECONFIG or ~/.kube/config)',
};

const NO_EVENTS: EventSink = { emit: () => undefined };

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

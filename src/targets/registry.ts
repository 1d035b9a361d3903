// The targets oh-env knows: the one place that lists them. Each adapter is loaded only when a command asks
// for it; the renderers are pure and light, so they are here directly for callers that render synchronously
// (golden files, benchmarks, contract tests). Adding a target is its two lines here, its name in
// model/targets.ts, and its folders under targets/ and render/ (docs/architecture.md).
import { OhEnvError } from '../errors.js';
import type { Target } from '../model/targets.js';
import type { RenderInput } from '../render/input.js';
import type { RenderResult } from '../render/output.js';
import { renderLocal } from '../render/local/index.js';
import { renderKind } from '../render/kind/index.js';
import { renderGke } from '../render/gke/index.js';
import type { Capability, TargetAdapter } from './target.js';

const LOADERS: Readonly<Record<Target, () => Promise<TargetAdapter>>> = {
  local: async () => (await import('./local/index.js')).localTarget,
  kind: async () => (await import('./kind/index.js')).kindTarget,
  gke: async () => (await import('./gke/index.js')).gkeTarget,
};

const RENDERERS: Readonly<Record<Target, (input: RenderInput) => RenderResult>> = {
  local: renderLocal,
  kind: renderKind,
  gke: renderGke,
};

export async function loadTarget(name: Target): Promise<TargetAdapter> {
  return LOADERS[name]();
}

/** The target's render (pure): the same function its adapter's `render` is. */
export function render(input: RenderInput, target: Target): RenderResult {
  return RENDERERS[target](input);
}

/** The adapter's method for a command, or a clear error when this target does not offer it yet. */
export function need<C extends Capability>(
  t: TargetAdapter,
  capability: C,
  command: string,
): NonNullable<TargetAdapter[C]> {
  const fn = t[capability];
  if (!fn)
    throw new OhEnvError('E_NOT_IMPLEMENTED', `oh-env ${command} ${t.name} is not available yet`, {
      hint: `oh-env render ${t.name} shows what it would run`,
    });
  return (fn as (...a: never[]) => unknown).bind(t) as NonNullable<TargetAdapter[C]>;
}

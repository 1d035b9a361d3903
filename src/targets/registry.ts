// The targets oh-env knows, each loaded only when a command asks for it. Adding a target is one line here
// plus its folders under targets/ and render/ (docs/architecture.md).
import { OhEnvError } from '../errors.js';
import { TARGETS, type Target } from '../model/targets.js';
import type { Capability, TargetAdapter } from './target.js';

const LOADERS: Readonly<Record<Target, () => Promise<TargetAdapter>>> = {
  local: async () => (await import('./local/index.js')).localTarget,
  kind: async () => (await import('./kind/index.js')).kindTarget,
  gke: async () => (await import('./gke/index.js')).gkeTarget,
};

export const targetNames = (): readonly Target[] => TARGETS;

export async function loadTarget(name: Target): Promise<TargetAdapter> {
  return LOADERS[name]();
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

// One entry point per target; each renderer is pure (model in, files out).
import type { Target } from '../model/schema.js';
import type { RenderInput } from './input.js';
import type { RenderResult } from './output.js';
import { renderLocal } from './local/index.js';
import { renderKind } from './kind/index.js';
import { renderGke } from './gke/index.js';

export function render(input: RenderInput, target: Target): RenderResult {
  switch (target) {
    case 'local':
      return renderLocal(input);
    case 'kind':
      return renderKind(input);
    case 'gke':
      return renderGke(input);
  }
}

/** Where `npm run golden:update` writes the committed render of each target of the default model. */
export const COMMITTED_OUT: Readonly<Record<Target, string>> = { local: '.', kind: 'envs/kind', gke: 'envs/gke' };

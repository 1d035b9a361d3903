import { OhEnvError } from '../../errors.js';
import type { RenderInput } from '../input.js';
import type { RenderResult } from '../output.js';

export function renderKind(_input: RenderInput): RenderResult {
  throw new OhEnvError('E_NOT_IMPLEMENTED', 'the kind renderer is being written');
}

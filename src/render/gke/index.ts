import { OhEnvError } from '../../errors.js';
import type { RenderInput } from '../input.js';
import type { RenderResult } from '../output.js';

export function renderGke(_input: RenderInput): RenderResult {
  throw new OhEnvError('E_NOT_IMPLEMENTED', 'the gke renderer is being written');
}

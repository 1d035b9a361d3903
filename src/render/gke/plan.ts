import { OhEnvError } from '../../errors.js';
import type { Environment } from '../../model/schema.js';

export interface Plan {
  readonly steps: readonly unknown[];
}
export function buildPlan(_env: Environment): Plan {
  throw new OhEnvError('E_NOT_IMPLEMENTED', 'the GKE plan is being written');
}
export function planScript(_plan: Plan): string {
  throw new OhEnvError('E_NOT_IMPLEMENTED', 'the GKE plan is being written');
}
export function planSummary(_plan: Plan): string {
  throw new OhEnvError('E_NOT_IMPLEMENTED', 'the GKE plan is being written');
}

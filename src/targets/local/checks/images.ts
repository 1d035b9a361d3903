// Does the engine have every image the model uses? Nothing is pulled (offline a pull only hangs), so a missing
// image fails with the command that builds or pulls it, the same words `up` stops with.
import { composeProject } from '../../../render/local/compose-project.js';
import type { CheckResult, TargetContext } from '../../target.js';
import { imageMissingError, lookupImages } from '../preflight.js';
import { failed, withEngine, type EngineConnection } from './result.js';

export function checkImages(engine: EngineConnection, ctx: Pick<TargetContext, 'env'>): Promise<CheckResult> {
  return withEngine(engine, async (client) => {
    const project = composeProject(ctx.env);
    const { ids, missing } = await lookupImages(client, project);
    if (missing.length > 0) return failed(imageMissingError(project, missing));
    return {
      status: 'ok',
      found: `all ${ids.size} image${ids.size === 1 ? '' : 's'} present: ${[...ids.keys()].join(', ')}`,
    };
  });
}

// What the local checks share: a verdict from the error the command itself would stop with, so the doctor and
// `up` say the same thing (the message and its details are what was found, the hint is the fix), and the one
// engine connection of a list of checks, which the engine-bound checks skip without.
import { OhEnvError } from '../../../errors.js';
import type { CheckResult } from '../../target.js';
import type { DockerClient } from '../../../drivers/docker/client.js';

/** The engine, connected once per list of checks (checks.ts). */
export type EngineConnection = () => Promise<DockerClient>;

/**
 * `detailsIn: 'fix'` when the error's details are part of what to do (the lines to add to a file) rather than of
 * what was found (the images missing, the engine's own words).
 */
export function failed(e: unknown, o: { detailsIn?: 'found' | 'fix' } = {}): CheckResult {
  if (!(e instanceof OhEnvError)) throw e;
  const inFix = o.detailsIn === 'fix' && e.details.length > 0;
  // One line each, so the lines to add read as they are to be written.
  const fix = inFix ? [...(e.hint ? [e.hint] : []), ...e.details].join('\n') : e.hint;
  return {
    status: 'fail',
    found: [e.message, ...(inFix ? [] : e.details)].join('; '),
    ...(fix ? { fix } : {}),
  };
}

/** Runs `f` with the engine; a skip when it does not answer (the docker-engine check says why and what to do). */
export async function withEngine(
  engine: EngineConnection,
  f: (client: DockerClient) => Promise<CheckResult>,
): Promise<CheckResult> {
  let client: DockerClient;
  try {
    client = await engine();
  } catch (e) {
    if (!(e instanceof OhEnvError)) throw e;
    return { status: 'skip', found: `needs the Docker engine, which does not answer (see the docker-engine check)` };
  }
  return f(client);
}

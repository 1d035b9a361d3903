// A check's verdict from the error the command itself would stop with, so the doctor and `up` say the same
// thing: the message (and its details) is what was found, the hint is the fix.
import { OhEnvError } from '../../../errors.js';
import type { CheckResult } from '../../target.js';
import type { EngineConnection } from '../checks.js';
import type { DockerClient } from '../../../drivers/docker/client.js';

export function failed(e: unknown): CheckResult {
  if (!(e instanceof OhEnvError)) throw e;
  return {
    status: 'fail',
    found: [e.message, ...e.details].join('; '),
    ...(e.hint ? { fix: e.hint } : {}),
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

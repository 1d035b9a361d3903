// Is a Docker engine there, and which one: the endpoint oh-env reaches (DOCKER_HOST or the default socket),
// its version, and whether it is rootless or Docker Desktop, which change what host ports and binds mean.
import type { CheckResult } from '../../target.js';
import { failed, type EngineConnection } from './result.js';

/** The part of GET /info the check reads. */
export interface EngineInfo {
  readonly ServerVersion?: string;
  readonly OperatingSystem?: string;
  readonly SecurityOptions?: readonly string[];
}

/** "Docker Engine 27.3.1 at unix:///var/run/docker.sock (rootless)". */
export function describeEngine(endpoint: string, info: EngineInfo | undefined): string {
  const flavours = [
    ...(info?.OperatingSystem === 'Docker Desktop' ? ['Docker Desktop'] : []),
    ...((info?.SecurityOptions ?? []).includes('name=rootless') ? ['rootless'] : []),
  ];
  return (
    `Docker Engine ${info?.ServerVersion ?? '(version unknown)'} at ${endpoint}` +
    (flavours.length > 0 ? ` (${flavours.join(', ')})` : '') +
    (info?.OperatingSystem && info.OperatingSystem !== 'Docker Desktop' ? ` on ${info.OperatingSystem}` : '')
  );
}

export async function checkEngine(engine: EngineConnection): Promise<CheckResult> {
  try {
    const client = await engine();
    return { status: 'ok', found: describeEngine(client.endpoint, await client.get<EngineInfo>('/info')) };
  } catch (e) {
    return failed(e);
  }
}

// Running a command inside a running container and reading its exit code: how `up` runs a service's own
// health check as soon as the container starts, instead of waiting a whole health interval for Docker's
// first run of the same check.
import type { DockerClient } from './client.js';

/** Exit code of `cmd` run in the container; undefined when it could not run or took longer than timeoutMs. */
export async function execExitCode(
  client: DockerClient,
  id: string,
  cmd: readonly string[],
  timeoutMs: number,
): Promise<number | undefined> {
  try {
    const exec = await client.call<{ Id: string }>({
      method: 'POST',
      path: `/containers/${encodeURIComponent(id)}/exec`,
      body: { Cmd: [...cmd], AttachStdout: true, AttachStderr: true },
    });
    const execPath = `/exec/${encodeURIComponent(exec!.Id)}`;
    const stream = await client.open({
      method: 'POST',
      path: `${execPath}/start`,
      body: { Detach: false, Tty: false },
      hijack: true,
    });
    const ended = await new Promise<boolean>((resolve) => {
      const timer = setTimeout(() => {
        stream.destroy();
        resolve(false);
      }, timeoutMs);
      stream.on('data', () => undefined); // drain: the output is not needed, only the exit code
      stream.on('end', () => {
        clearTimeout(timer);
        resolve(true);
      });
      stream.on('error', () => {
        clearTimeout(timer);
        resolve(false);
      });
    });
    if (!ended) return undefined;
    const info = await client.get<{ Running: boolean; ExitCode: number | null }>(`${execPath}/json`);
    return !info || info.Running ? undefined : (info.ExitCode ?? undefined);
  } catch {
    return undefined; // not running (any more), or the engine refused: Docker's own check decides
  }
}

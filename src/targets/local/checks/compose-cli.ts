// Is the Docker Compose CLI there? oh-env does not need it (it talks to the engine API itself), but the rendered
// docker-compose.yml is for people who want to run it by hand: missing is a warning, never a failure.
import { CommandError, run } from '../../../drivers/exec.js';
import type { CheckResult, TargetContext } from '../../target.js';

const PLUGIN =
  "the Docker Compose plugin (the docker-compose-plugin package of Docker's apt/dnf repository, or the " +
  'docker-compose binary in ~/.docker/cli-plugins/), then check with `docker compose version`';

export async function checkComposeCli(ctx: Pick<TargetContext, 'procEnv'>): Promise<CheckResult> {
  try {
    // The user's own environment: PATH and DOCKER_CONFIG decide which docker and which plugins they get.
    // Without --short: a docker without the plugin reads that as its own unknown flag and hides the real reason.
    const r = await run('docker', ['compose', 'version'], { env: ctx.procEnv });
    const version = /version v?(\S+)/.exec(r.stdout)?.[1] ?? r.stdout.trim();
    return { status: 'ok', found: `Docker Compose ${version} (\`docker compose\`)` };
  } catch (e) {
    if (!(e instanceof CommandError)) throw e;
    const found =
      e.code === 'E_TOOL_MISSING'
        ? 'the docker CLI is not on PATH: oh-env needs neither, but the rendered docker-compose.yml cannot be run by hand'
        : `\`docker compose\` does not run (${e.output.find((l) => l.trim() !== '')?.trim() ?? `exit ${e.exitStatus ?? '?'}`}): oh-env does not need it, but the rendered docker-compose.yml cannot be run by hand`;
    return {
      status: 'warn',
      found,
      fix: e.code === 'E_TOOL_MISSING' ? `install the Docker CLI and ${PLUGIN}` : `install ${PLUGIN}`,
    };
  }
}

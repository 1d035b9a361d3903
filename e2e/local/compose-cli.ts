// The real Docker Compose the local tests compare with: the `docker compose` plugin the lab installs, else
// the lab's docker-compose binary. Missing under `npm test` is a failure; run alone, the test is skipped.
import type { TestContext } from 'node:test';
import { existsSync } from 'node:fs';
import { labBin, labPaths } from '../lab/paths.js';

export interface ComposeCli {
  readonly file: string;
  /** argv before the compose arguments, e.g. ['docker', 'compose'] or ['<cache>/bin/docker-compose']. */
  readonly argv: readonly string[];
}

export function composeCli(t: TestContext): ComposeCli | undefined {
  const plugin = labPaths().composePlugin;
  const bin = labBin('docker-compose');
  const argv = existsSync(plugin) ? ['docker', 'compose'] : existsSync(bin) ? [bin] : undefined;
  if (!argv) {
    const message = 'Docker Compose is not available: start the lab with `npm run lab -- up --for e2e`';
    if (process.env.npm_lifecycle_event === 'test') throw new Error(message);
    t.skip(message);
    return undefined;
  }
  return { file: argv[0]!, argv };
}

export async function compose(
  cli: ComposeCli,
  args: readonly string[],
  opts: { env?: Record<string, string>; cwd?: string } = {},
) {
  const { execa } = await import('execa');
  return execa(cli.argv[0]!, [...cli.argv.slice(1), ...args], {
    reject: false,
    env: { ...process.env, ...opts.env },
    ...(opts.cwd ? { cwd: opts.cwd } : {}),
  });
}

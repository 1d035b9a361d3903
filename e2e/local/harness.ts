// What the local e2e tests share: a throw-away environment (unique name and host port, its own config
// directory for the secrets file and lock), loaded like the CLI loads it, and removal of exactly what the
// test created (containers, networks and volumes carrying its Compose project label).
import type { TestContext } from 'node:test';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { diskReader } from '../../src/drivers/files.js';
import { freePort } from '../../src/drivers/net.js';
import { loadModel } from '../../src/model/load.js';
import type { Environment } from '../../src/model/schema.js';
import { EventBus, type OhEnvEvent } from '../../src/events/types.js';
import { localTarget } from '../../src/targets/local/index.js';
import type { TargetContext, UpResult } from '../../src/targets/target.js';
import { DEMO_APP_IMAGE, FAKE_GCS_IMAGE, POSTGRES_IMAGE, REDIS_IMAGE } from '../lab/images.js';

export const ROOT = new URL('../../', import.meta.url).pathname;
export const DEMO_MODEL = join(ROOT, 'fixtures/demo/oh-env.yaml');

export async function docker(args: readonly string[], opts: { reject?: boolean; env?: Record<string, string> } = {}) {
  const { execa } = await import('execa');
  return execa('docker', [...args], { reject: opts.reject ?? true, env: { ...process.env, ...opts.env } });
}

/** Skips (or fails under npm test) when the engine or the lab images are missing. */
export async function labReady(
  t: TestContext,
  images: readonly string[] = [POSTGRES_IMAGE, REDIS_IMAGE, FAKE_GCS_IMAGE, DEMO_APP_IMAGE],
): Promise<boolean> {
  const r = await docker(['image', 'inspect', ...images], { reject: false });
  if (r.exitCode === 0) return true;
  const message = 'the Docker engine or the lab images are missing: run `npm run lab -- up --for demo`';
  if (process.env.npm_lifecycle_event === 'test') throw new Error(message);
  t.skip(message);
  return false;
}

export interface Sandbox {
  readonly name: string;
  readonly dir: string;
  readonly port: number;
  readonly procEnv: Record<string, string | undefined>;
  readonly events: OhEnvEvent[];
  /** Writes oh-env.yaml in the sandbox (YAML text; `extends` may point at the demo model). */
  write(yaml: string): void;
  load(): Environment;
  ctx(signal?: AbortSignal): TargetContext;
  up(signal?: AbortSignal): Promise<UpResult>;
  down(volumes?: boolean): Promise<void>;
  ids(): Promise<Map<string, string>>;
  docker: typeof docker;
  /** Removes every container, network and volume of the project, the sandbox dir, the secrets. */
  cleanup(): Promise<void>;
}

export async function sandbox(prefix: string): Promise<Sandbox> {
  const name = `e2e-${prefix}-${randomBytes(3).toString('hex')}`;
  const dir = mkdtempSync(join(tmpdir(), `oh-env-${name}-`));
  const port = await freePort();
  const procEnv: Record<string, string | undefined> = { ...process.env, XDG_CONFIG_HOME: join(dir, 'config') };
  const events: OhEnvEvent[] = [];
  const file = join(dir, 'oh-env.yaml');
  const sb: Sandbox = {
    name,
    dir,
    port,
    procEnv,
    events,
    docker,
    write: (yaml) => writeFileSync(file, yaml),
    load: () => loadModel({ cwd: dir, file, overlay: false }, diskReader).env,
    ctx: (signal) => {
      const bus = new EventBus();
      bus.subscribe((e) => events.push(e));
      return { env: sb.load(), procEnv, workingDir: dir, events: bus, ...(signal ? { signal } : {}) };
    },
    // Through the adapter, as the CLI calls it.
    up: (signal) => localTarget.up!(sb.ctx(signal)),
    down: async (volumes = false) => {
      await localTarget.down!(sb.ctx(), { volumes });
    },
    async ids() {
      const r = await docker([
        'ps',
        '-a',
        '--filter',
        `label=com.docker.compose.project=${name}`,
        '--format',
        '{{.Label "com.docker.compose.service"}} {{.ID}}',
      ]);
      return new Map(
        r.stdout
          .split('\n')
          .filter(Boolean)
          .map((l) => l.split(' ') as [string, string]),
      );
    },
    async cleanup() {
      const label = `label=com.docker.compose.project=${name}`;
      const cs = (await docker(['ps', '-aq', '--filter', label])).stdout.split('\n').filter(Boolean);
      if (cs.length > 0) await docker(['rm', '-f', '-v', ...cs], { reject: false });
      const ns = (await docker(['network', 'ls', '-q', '--filter', label])).stdout.split('\n').filter(Boolean);
      if (ns.length > 0) await docker(['network', 'rm', ...ns], { reject: false });
      const vs = (await docker(['volume', 'ls', '-q', '--filter', label])).stdout.split('\n').filter(Boolean);
      if (vs.length > 0) await docker(['volume', 'rm', '-f', ...vs], { reject: false });
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return sb;
}

/** The demo environment under the sandbox's name and host port; `appEnv` adds variables to the app. */
export const demoModel = (sb: Sandbox, appEnv: Record<string, string> = {}): string => `apiVersion: oh-env.dev/v1alpha1
kind: Environment
extends: ${DEMO_MODEL}
metadata:
  name: ${sb.name}
services:
  app:
    ports:
      - { name: http, port: 3000, publish: ${sb.port} }
    env: ${JSON.stringify(appEnv)}
`;

/**
 * Statuses of the project's containers (service → docker ps status) once Docker itself reports every
 * health-checked one healthy: `up` may release dependents (and return) as soon as a container's own check
 * passes, up to one health interval before Docker's first run of it.
 */
export async function dockerStatuses(sb: Sandbox, timeoutMs = 30_000): Promise<Map<string, string>> {
  const t0 = Date.now();
  for (;;) {
    const r = await sb.docker([
      'ps',
      '-a',
      '--filter',
      `label=com.docker.compose.project=${sb.name}`,
      '--format',
      '{{.Label "com.docker.compose.service"}}|{{.Status}}',
    ]);
    const status = new Map(
      r.stdout
        .split('\n')
        .filter(Boolean)
        .map((l) => l.split('|') as [string, string]),
    );
    if (![...status.values()].some((v) => v.includes('health: starting')) || Date.now() - t0 > timeoutMs) return status;
    await new Promise((res) => setTimeout(res, 250));
  }
}

export async function getJson(url: string, init?: RequestInit): Promise<{ status: number; body: unknown }> {
  const r = await fetch(url, init);
  const text = await r.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // plain text
  }
  return { status: r.status, body };
}

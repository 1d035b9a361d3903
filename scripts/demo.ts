// `npm run demo`, the main job on a fresh machine: provision only what the demo needs through the lab (the Docker
// engine and the local images — never the Kubernetes control plane), bring the demo environment up with
// `oh-env up local`, then show the app answering: its /ready through the published port and one conversation
// written to Postgres and the bucket and read back.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { diskReader } from '../src/drivers/files.js';
import { loadModel } from '../src/model/load.js';
import type { Environment } from '../src/model/schema.js';
import { run } from '../src/cli/main.js';
import { processIO } from '../src/cli/io.js';

export const ROOT = new URL('..', import.meta.url).pathname;
export const DEMO_MODEL = 'fixtures/demo/oh-env.yaml';

/** Where the app answers on the host: its published http port on the local target's bind address. */
export function appUrl(env: Environment, service = 'app'): string {
  const svc = env.services[service];
  const port =
    svc?.ports.find((p) => p.name === 'http' && p.publish !== undefined) ?? svc?.ports.find((p) => p.publish);
  if (!port?.publish) throw new Error(`service "${service}" of ${env.metadata.name} publishes no port`);
  return `http://${env.targets.local.bindAddress}:${port.publish}`;
}

interface Answer {
  readonly status: number;
  readonly body: unknown;
}

async function call(url: string, init?: RequestInit): Promise<Answer> {
  const res = await fetch(url, { ...init, signal: AbortSignal.timeout(10_000) });
  const text = await res.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // /health answers plain text
  }
  return { status: res.status, body };
}

/** What the demo shows once the environment is up; an Error says which step did not answer as it should. */
export async function showApp(base: string, out: (line: string) => void): Promise<void> {
  const ready = await call(`${base}/ready`);
  out(`GET ${base}/ready → ${ready.status}`);
  out(JSON.stringify(ready.body, null, 2));
  if (ready.status !== 200) throw new Error(`the app is up but not ready: ${JSON.stringify(ready.body)}`);

  const created = await call(`${base}/api/conversations`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ title: 'npm run demo', message: 'Hello from npm run demo' }),
  });
  out(`POST ${base}/api/conversations → ${created.status}`);
  out(JSON.stringify(created.body, null, 2));
  const id = (created.body as { id?: unknown }).id;
  if (created.status !== 201 || typeof id !== 'string') throw new Error('the app did not create a conversation');

  const read = await call(`${base}/api/conversations/${id}`);
  out(`GET ${base}/api/conversations/${id} → ${read.status}`);
  out(JSON.stringify(read.body, null, 2));
  if (read.status !== 200) throw new Error(`conversation ${id} could not be read back`);
}

async function main(): Promise<number> {
  const say = (line: string): void => void process.stderr.write(`${line}\n`);
  say('▶ lab: the Docker engine and the local images the demo needs (npm run lab -- up --for demo)');
  try {
    execFileSync(process.execPath, ['--import', 'tsx', join(ROOT, 'e2e/lab/cli.ts'), 'up', '--for', 'demo'], {
      cwd: ROOT,
      stdio: 'inherit',
    });
  } catch {
    say('✗ the lab could not provision the demo (see above); `npm run lab -- status` shows what is missing');
    return 1;
  }

  say(`▶ oh-env up local -f ${DEMO_MODEL}`);
  const controller = new AbortController();
  process.once('SIGINT', () => controller.abort());
  const code = await run(['up', 'local', '-f', DEMO_MODEL], { ...processIO(controller.signal), cwd: ROOT });
  if (code !== 0) return code;

  const { env } = loadModel({ cwd: ROOT, file: DEMO_MODEL, target: 'local' }, diskReader);
  const base = appUrl(env);
  say(`▶ the app answering at ${base}`);
  try {
    await showApp(base, (line) => void process.stdout.write(`${line}\n`));
  } catch (e) {
    say(`✗ ${(e as Error).message}`);
    say(`  logs: npx oh-env logs local app --file ${DEMO_MODEL}`);
    return 1;
  }
  say('');
  say(`✓ the demo environment is up: the app is at ${base} (try ${base}/ready)`);
  say(`  status:  npx oh-env ps local --file ${DEMO_MODEL}`);
  say(`  stop:    npx oh-env down local --file ${DEMO_MODEL}   (add --volumes to delete its data)`);
  return 0;
}

if (import.meta.url === `file://${process.argv[1]}`) process.exitCode = await main();

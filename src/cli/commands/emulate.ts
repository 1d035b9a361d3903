import type { Command } from '../command.js';
import { loadForCommand, OVERLAY_HELP, OVERLAY_OPTIONS } from '../model.js';
import { OhEnvError } from '../../errors.js';
import { paint } from '../paint.js';
import { aborted } from '../../engine/abort.js';

/** `--secret name=value` pairs as a record. */
export function parseSecrets(values: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const v of values) {
    const eq = v.indexOf('=');
    if (eq <= 0)
      throw new OhEnvError('E_USAGE', `--secret ${v}: expected NAME=VALUE`, { hint: 'e.g. --secret llm-api-key=sk-…' });
    out[v.slice(0, eq)] = v.slice(eq + 1);
  }
  return out;
}

const command: Command = {
  name: 'emulate',
  summary: "run the model's backends as emulators on this machine and print the app's env",
  usage: 'oh-env emulate [-f FILE] [--json] [--service NAME] [--secret NAME=VALUE]…',
  help: `Starts every backend of the model as an emulator on this machine — buckets on fake-gcs-server, each
Postgres and Redis in a container (Docker) — runs the model's migrations jobs against Postgres, and prints
the env the app receives: the same variables as on the local target (DB_*, REDIS_*, FILE_STORE*,
STORAGE_EMULATOR_HOST, secrets), pointing at the emulators' loopback ports. Run the app on the host with it,
then press Ctrl-C: everything emulate started is stopped and removed.

stdout gets the env only (dotenv, or JSON with the endpoints under --json); progress goes to stderr.
Needs fake-gcs-server (\`npm run lab -- up\` builds it) and a Docker engine with the Postgres and Redis
images (the backend's own image, else oh-env-lab/postgres:<version> and oh-env-lab/redis:<major>).

Examples:
  oh-env emulate -f fixtures/demo/oh-env.yaml > .env.emulate
  oh-env emulate --json
  oh-env emulate --no-migrations --postgres-image postgres:15`,
  options: {
    ...OVERLAY_OPTIONS,
    service: { type: 'string' },
    secret: { type: 'string', multiple: true },
    'postgres-image': { type: 'string' },
    'redis-image': { type: 'string' },
    'no-migrations': { type: 'boolean' },
    seed: { type: 'string' },
    'storage-dir': { type: 'string' },
  },
  optionHelp: {
    ...OVERLAY_HELP,
    service: 'whose env to print (default: the first service that uses a backend)',
    secret: 'a secret value, NAME=VALUE (repeatable); generated secrets get a fresh value otherwise',
    'postgres-image': 'image of the Postgres emulator',
    'redis-image': 'image of the Redis emulator',
    'no-migrations': "do not run the model's migrations jobs",
    seed: 'folder whose top-level folders are buckets and whose files become their objects',
    'storage-dir': 'keep bucket objects on disk in this folder (default: in memory)',
  },
  async run(ctx) {
    const loaded = await loadForCommand(ctx, 'local');
    const o = ctx.options;
    const say = (line: string): void => void (ctx.json ? undefined : ctx.io.stderr.write(`${line}\n`));
    const { emulate, toDotenv } = await import('../../testing/index.js');
    say(`${paint(ctx.color, 'cyan', '▶')} emulating the backends of ${loaded.env.metadata.name}`);
    const emu = await emulate(loaded, {
      cwd: ctx.io.cwd,
      toolEnv: ctx.io.env,
      images: {
        ...(o['postgres-image'] ? { postgres: o['postgres-image'] as string } : {}),
        ...(o['redis-image'] ? { redis: o['redis-image'] as string } : {}),
      },
      migrations: o['no-migrations'] !== true,
      secrets: parseSecrets((o.secret as string[] | undefined) ?? []),
      ...(o.service ? { service: o.service as string } : {}),
      ...(o.seed ? { seed: o.seed as string } : {}),
      ...(o['storage-dir'] ? { storage: 'filesystem' as const, storageRoot: o['storage-dir'] as string } : {}),
      onStep: (step, ms) =>
        say(`  ${paint(ctx.color, 'green', '✓')} ${step} ${paint(ctx.color, 'dim', `${Math.round(ms)} ms`)}`),
    });
    try {
      if (ctx.json) {
        ctx.io.stdout.write(
          `${JSON.stringify({ ok: true, env: emu.env, service: emu.service ?? null, endpoints: emu.endpoints }, null, 2)}\n`,
        );
      } else {
        for (const [name, e] of Object.entries(emu.endpoints))
          say(`  ${name.padEnd(10)} ${e.type === 'bucket' ? `${e.url} (bucket ${e.bucket})` : `${e.host}:${e.port}`}`);
        ctx.io.stdout.write(
          toDotenv(emu.env, [
            `oh-env emulate: env of ${emu.service ?? '(no service)'} in ${loaded.env.metadata.name}, against emulators on this machine`,
          ]),
        );
        say(`${paint(ctx.color, 'green', '✓')} emulators running; press Ctrl-C to stop and remove them`);
      }
      // In the foreground until interrupted; without a signal to wait on (embedded use) stop at once.
      if (ctx.io.signal) await aborted(ctx.io.signal);
    } finally {
      say('stopping the emulators…');
      await emu.stop();
      say(`${paint(ctx.color, 'green', '✓')} stopped`);
    }
    return 0;
  },
};
export default command;

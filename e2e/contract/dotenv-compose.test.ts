// Contract: the real Docker Compose reads the secrets file oh-env writes exactly as oh-env does. Every awkward
// value (quotes, $, #, spaces, newlines, backslashes, =, ...) written by the one dotenv writer is interpolated
// by `docker compose --env-file` into a service's environment unchanged, and the one parser reads the same.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { awkwardValues } from '../../src/engine/secrets/awkward-values.js';
import { parseDotenv, toDotenv } from '../../src/engine/secrets/dotenv.js';
import { compose, composeCli } from '../local/compose-cli.js';

test('docker compose --env-file interpolates every value the dotenv writer writes back exactly', async (t) => {
  const cli = composeCli(t);
  if (!cli) return;
  const dir = mkdtempSync(join(tmpdir(), 'oh-env-dotenv-compose-'));
  try {
    const values = awkwardValues(400);
    const keys = values.map((_, i) => `OH_ENV_DOTENV_CONTRACT_${String(i).padStart(3, '0')}`);
    const envFile = join(dir, 'secrets.env');
    writeFileSync(
      envFile,
      toDotenv(
        keys.map((k, i) => [k, values[i]!] as const),
        ['contract test'],
      ),
      { mode: 0o600 },
    );
    // ${VAR?} fails the command if compose did not read a variable at all, instead of giving an empty string.
    const environment = Object.fromEntries(keys.map((k) => [k, `\${${k}?}`]));
    const file = join(dir, 'compose.json');
    writeFileSync(
      file,
      JSON.stringify({ name: 'oh-env-dotenv', services: { probe: { image: 'scratch', environment } } }),
    );
    // Names no environment holds, so only the env file can give compose these values.
    const r = await compose(cli, ['-f', file, '--env-file', envFile, 'config', '--format', 'json']);
    assert.equal(r.exitCode, 0, r.stderr);
    // `config` escapes every $ of its output as $$ so that it can be read back: undo that, uniformly.
    const got = JSON.parse(r.stdout.replace(/\$\$/g, '$')).services.probe.environment as Record<string, string>;
    const ours = parseDotenv(toDotenv(keys.map((k, i) => [k, values[i]!] as const)));
    for (const [i, k] of keys.entries()) {
      assert.equal(
        got[k],
        values[i],
        `${k}: docker compose read ${JSON.stringify(got[k])} for ${JSON.stringify(values[i])}`,
      );
      assert.equal(ours.get(k), got[k], `${k}: oh-env and docker compose disagree`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

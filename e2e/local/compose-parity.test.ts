// The rendered docker-compose.yml and `oh-env up local` give the same containers: the real
// `docker compose up --wait` on the file brings the demo environment up with the same env, health checks
// and labels as oh-env, and each tool keeps the other's containers (the config hashes agree).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderLocal } from '../../src/render/local/index.js';
import { composeProject } from '../../src/render/local/compose-project.js';
import { serviceConfigHash } from '../../src/targets/local/compose-hash.js';
import { resolveEnv } from '../../src/targets/local/container-spec.js';
import { ensureSecrets } from '../../src/targets/local/secrets.js';
import { compose, composeCli } from './compose-cli.js';
import { demoModel, dockerStatuses, labReady, sandbox, type Sandbox } from './harness.js';

interface Seen {
  env: string[];
  health: unknown;
  status: string;
  labels: Record<string, string>;
}

async function snapshot(sb: Sandbox): Promise<Map<string, Seen>> {
  await dockerStatuses(sb);
  const out = new Map<string, Seen>();
  for (const [service, id] of await sb.ids()) {
    const r = await sb.docker(['inspect', id]);
    const [c] = JSON.parse(r.stdout) as {
      Config: { Env: string[]; Healthcheck?: unknown; Labels: Record<string, string> };
      State: { Status: string; Health?: { Status: string } };
    }[];
    out.set(service, {
      env: [...c!.Config.Env].sort(),
      health: c!.Config.Healthcheck ?? null,
      status: c!.State.Health?.Status ?? c!.State.Status,
      labels: c!.Config.Labels,
    });
  }
  return out;
}

test('docker compose up --wait on the rendered file gives the containers oh-env gives, and each keeps the other’s', async (t) => {
  if (!(await labReady(t))) return;
  const cli = composeCli(t);
  if (!cli) return;
  const sb = await sandbox('parity');
  try {
    sb.write(demoModel(sb));
    const env = sb.load();
    const file = join(sb.dir, 'docker-compose.yml');
    writeFileSync(file, renderLocal({ env, sources: ['oh-env.yaml'] }).files[0]!.content);
    const secrets = ensureSecrets(composeProject(env), sb.procEnv);

    await t.test('the config hashes oh-env computes are the ones docker compose computes', async () => {
      const r = await compose(cli, ['-f', file, '--env-file', secrets.path, 'config', '--hash', '*']);
      assert.equal(r.exitCode, 0, r.stderr);
      const theirs = new Map(
        r.stdout
          .trim()
          .split('\n')
          .map((l) => l.split(' ') as [string, string]),
      );
      for (const s of composeProject(env).services)
        assert.equal(serviceConfigHash(s, resolveEnv(s, secrets.values), sb.dir), theirs.get(s.name), s.name);
    });

    await sb.up();
    const ours = await snapshot(sb);
    await sb.down(true);

    const up = await compose(cli, ['-f', file, '--env-file', secrets.path, 'up', '-d', '--wait'], { cwd: sb.dir });
    assert.equal(up.exitCode, 0, `${up.stdout}\n${up.stderr}`);
    const theirs = await snapshot(sb);

    await t.test('same services, env, health checks, health and labels', () => {
      assert.deepEqual([...theirs.keys()].sort(), [...ours.keys()].sort());
      for (const [s, o] of ours) {
        const c = theirs.get(s)!;
        assert.deepEqual(c.env, o.env, `${s} env`);
        assert.deepEqual(c.health, o.health, `${s} health check`);
        assert.equal(c.status, o.status, `${s} status`);
        const strip = (l: Record<string, string>) => {
          const { ['com.docker.compose.depends_on']: deps, ...rest } = l;
          return { rest, deps: (deps ?? '').split(',').filter(Boolean).sort() };
        };
        assert.deepEqual(strip(c.labels), strip(o.labels), `${s} labels`);
      }
    });

    await t.test('oh-env up on the containers docker compose started changes nothing', async () => {
      const before = await sb.ids();
      const r = await sb.up();
      assert.equal(r.changed, false, JSON.stringify(r.actions));
      assert.deepEqual(await sb.ids(), before);
    });
  } finally {
    await sb.cleanup();
  }
});

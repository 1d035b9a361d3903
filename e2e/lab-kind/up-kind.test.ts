// `oh-env up kind` end to end on a REAL kind cluster from the lab's node image: the demo environment (the
// lab's images, the lab's ingress controller standing in for ingress-nginx) comes up, answers through the
// Ingress on the mapped host port, keeps a conversation in Postgres and the in-cluster bucket across
// `down kind` + `up kind`, applies nothing the second time, rolls out only a changed service, and stops on a
// failing migration with its log. The test creates one cluster with its own name and deletes that one only.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { execa } from 'execa';
import { diskReader } from '../../src/drivers/files.js';
import { freePort } from '../../src/drivers/net.js';
import { EventBus, type OhEnvEvent } from '../../src/events/types.js';
import { loadModel } from '../../src/model/load.js';
import { OhEnvError } from '../../src/errors.js';
import { kindTarget } from '../../src/targets/kind/index.js';
import type { TargetContext, UpResult } from '../../src/targets/target.js';
import { DEMO_APP_IMAGE, KIND_NODE_IMAGE, labBin, labEnv } from '../lab/index.js';

const DEMO_MODEL = new URL('../../fixtures/demo/oh-env.yaml', import.meta.url).pathname;

async function present(image: string): Promise<boolean> {
  return (await execa('docker', ['image', 'inspect', image], { reject: false })).exitCode === 0;
}

interface KindSandbox {
  readonly name: string;
  readonly httpPort: number;
  readonly httpsPort: number;
  readonly events: OhEnvEvent[];
  write(extra?: string): void;
  up(): Promise<UpResult>;
  down(opts?: { volumes?: boolean }): Promise<void>;
  kubectl(args: readonly string[], input?: string): Promise<string>;
  /** GET or POST through the ingress on the mapped https port, with the ingress host. */
  http(method: 'GET' | 'POST', path: string, body?: unknown): Promise<{ status: number; body: unknown }>;
  cleanup(): Promise<void>;
}

async function kindSandbox(): Promise<KindSandbox> {
  const name = `e2e-kind-${randomBytes(3).toString('hex')}`;
  const dir = mkdtempSync(join(tmpdir(), `oh-env-${name}-`));
  const [httpPort, httpsPort] = [await freePort(), await freePort()];
  const env = labEnv();
  const procEnv: Record<string, string | undefined> = {
    ...process.env,
    ...env,
    KUBECONFIG: undefined,
    XDG_CONFIG_HOME: join(dir, 'config'),
    OH_ENV_KIND_NODE_IMAGE: KIND_NODE_IMAGE,
  };
  const file = join(dir, 'oh-env.yaml');
  const kubeconfig = join(dir, 'config', 'oh-env', name, 'kind.kubeconfig');
  const events: OhEnvEvent[] = [];
  const ctx = (): TargetContext => {
    const bus = new EventBus();
    bus.subscribe((e) => events.push(e));
    return {
      env: loadModel({ cwd: dir, file, overlay: false }, diskReader).env,
      procEnv,
      workingDir: dir,
      events: bus,
    };
  };
  const host = 'openhands.localtest.me';
  return {
    name,
    httpPort,
    httpsPort,
    events,
    write: (extra = '') =>
      writeFileSync(
        file,
        `apiVersion: oh-env.dev/v1alpha1
kind: Environment
extends: ${DEMO_MODEL}
metadata:
  name: ${name}
${extra}
targets:
  kind:
    httpPort: ${httpPort}
    httpsPort: ${httpsPort}
`,
      ),
    up: () => kindTarget.up!(ctx()),
    down: async (o = {}) => {
      await kindTarget.down!(ctx(), { volumes: o.volumes ?? false });
    },
    kubectl: async (args, input) =>
      (
        await execa(labBin('kubectl'), ['--kubeconfig', kubeconfig, '-n', name, ...args], {
          env: { ...process.env, ...env },
          ...(input !== undefined ? { input } : {}),
        })
      ).stdout,
    http: async (method, path, body) => {
      // The demo's ingress serves TLS (a self-signed certificate): plain HTTP is redirected, as ingress-nginx does.
      const { request } = await import('node:https');
      return new Promise((resolve, reject) => {
        const req = request(
          {
            host: '127.0.0.1',
            port: httpsPort,
            servername: host,
            rejectUnauthorized: false,
            path,
            method,
            headers: { host, 'content-type': 'application/json' },
            agent: false,
          },
          (res) => {
            let text = '';
            res.on('data', (c: Buffer) => (text += c.toString()));
            res.on('end', () => {
              let parsed: unknown = text;
              try {
                parsed = JSON.parse(text);
              } catch {
                // not JSON: the text as it came
              }
              resolve({ status: res.statusCode ?? 0, body: parsed });
            });
          },
        );
        req.on('error', reject);
        req.end(body === undefined ? undefined : JSON.stringify(body));
      });
    },
    cleanup: async () => {
      await execa(labBin('kind'), ['delete', 'cluster', '--name', name, '--kubeconfig', kubeconfig], {
        env: { ...process.env, ...env },
        reject: false,
      });
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** name → resourceVersion of every object of the namespace the environment owns. */
async function versions(sb: KindSandbox): Promise<Map<string, string>> {
  const out = await sb.kubectl([
    'get',
    'deployments,statefulsets,jobs,services,configmaps,secrets,ingresses,serviceaccounts',
    '-l',
    'app.kubernetes.io/managed-by=oh-env',
    '-o',
    'json',
  ]);
  const items = (JSON.parse(out) as { items: { kind: string; metadata: { name: string; resourceVersion: string } }[] })
    .items;
  return new Map(items.map((i) => [`${i.kind}/${i.metadata.name}`, i.metadata.resourceVersion]));
}

const generations = async (sb: KindSandbox): Promise<Map<string, number>> => {
  const out = await sb.kubectl(['get', 'deployments,statefulsets', '-o', 'json']);
  const items = (JSON.parse(out) as { items: { kind: string; metadata: { name: string; generation: number } }[] })
    .items;
  return new Map(items.map((i) => [`${i.kind}/${i.metadata.name}`, i.metadata.generation]));
};

test('oh-env up kind runs the demo environment on a real kind cluster', async (t) => {
  if (!(await present(KIND_NODE_IMAGE)) || !(await present(DEMO_APP_IMAGE))) {
    const message = `${KIND_NODE_IMAGE} or ${DEMO_APP_IMAGE} is not built: run \`npm run lab -- up --for all\``;
    if (process.env.npm_lifecycle_event === 'test') throw new Error(message);
    t.skip(message);
    return;
  }
  const sb = await kindSandbox();
  t.after(() => sb.cleanup());
  sb.write();
  const first = await sb.up();
  assert.equal(first.changed, true);
  assert.deepEqual(first.endpoints, [{ service: 'app', url: `https://openhands.localtest.me:${sb.httpsPort}/` }]);

  await t.test('every workload is ready; /ready answers 200 through the ingress on the mapped port', async () => {
    const ready = await sb.http('GET', '/ready');
    assert.equal(ready.status, 200, JSON.stringify(ready.body));
    const unknown = await execa(
      'curl',
      [
        '-s',
        '-o',
        '/dev/null',
        '-w',
        '%{http_code}',
        '-H',
        'Host: nobody.test',
        `http://127.0.0.1:${sb.httpPort}/ready`,
      ],
      { reject: false },
    );
    assert.equal(unknown.stdout, '404', 'an unknown host is not routed to the app');
    const job = await sb.kubectl(['get', 'job', 'migrate', '-o', 'jsonpath={.status.succeeded}']);
    assert.equal(job, '1');
  });

  await t.test('every event is valid against the event schema', async () => {
    const { EventSchema } = await import('../../src/events/schema.js');
    assert.ok(sb.events.length > 10);
    for (const e of sb.events) assert.ok(EventSchema.safeParse(e).success, JSON.stringify(e));
  });

  const created = await sb.http('POST', '/api/conversations', { title: 'kept on kind', message: 'hello kind' });
  const conversation = created.body as { id: string; objects: string[] };
  await t.test('a conversation written through the app lands in Postgres and in the in-cluster bucket', async () => {
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const rows = await sb.kubectl([
      'exec',
      'postgres-0',
      '--',
      'psql',
      '-U',
      'openhands',
      '-d',
      'openhands',
      '-tAc',
      `SELECT title FROM conversations WHERE id = '${conversation.id}'`,
    ]);
    assert.equal(rows.trim(), 'kept on kind');
    const files = await sb.kubectl([
      'exec',
      'deploy/files',
      '--',
      'wget',
      '-qO-',
      'http://127.0.0.1:4443/storage/v1/b/openhands-files/o',
    ]);
    for (const o of conversation.objects) assert.ok(files.includes(o), `${o} is in the bucket`);
  });

  await t.test('a second up applies nothing: resourceVersions unchanged', async () => {
    const before = await versions(sb);
    const t0 = Date.now();
    const again = await sb.up();
    t.diagnostic(`no-change up kind: ${Date.now() - t0} ms`);
    assert.equal(again.changed, false);
    assert.deepEqual(await versions(sb), before);
  });

  await t.test("changing one service's env rolls out only that service", async () => {
    const before = await generations(sb);
    sb.write('services:\n  app:\n    env:\n      DEMO_MARK: two\n');
    const r = await sb.up();
    assert.equal(r.changed, true);
    const after = await generations(sb);
    for (const [k, g] of before) {
      if (k === 'Deployment/app') assert.ok(after.get(k)! > g, 'app rolled out');
      else assert.equal(after.get(k), g, `${k} untouched`);
    }
    const env = await sb.kubectl(['get', 'configmap', 'app-env', '-o', 'jsonpath={.data.DEMO_MARK}']);
    assert.equal(env, 'two');
  });

  await t.test('down kind keeps the data; up kind finds the conversation again', async () => {
    await sb.down();
    const left = await sb.kubectl(['get', 'deployments,statefulsets,jobs', '-o', 'name']);
    assert.equal(left.trim(), '', 'no workload left after down');
    const claims = await sb.kubectl(['get', 'pvc', '-o', 'name']);
    assert.match(claims, /persistentvolumeclaim\//, 'the volume claims are kept');
    await sb.up();
    const back = await sb.http('GET', `/api/conversations/${conversation.id}`);
    assert.equal(back.status, 200, JSON.stringify(back.body));
    assert.equal((back.body as { title: string }).title, 'kept on kind');
  });

  await t.test('a failing migration stops the run with the job and its log', async () => {
    sb.write(
      "services:\n  app:\n    env:\n      DEMO_MARK: two\njobs:\n  migrate:\n    command: [sh, -c, 'echo boom-from-migrate; exit 3']\n",
    );
    await assert.rejects(sb.up(), (e: unknown) => {
      assert.ok(e instanceof OhEnvError, String(e));
      assert.equal(e.code, 'E_JOB_FAILED', e.message);
      assert.match([e.message, ...(e.details ?? [])].join('\n'), /boom-from-migrate/);
      return true;
    });
  });
});

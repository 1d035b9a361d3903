// The local renderer: behaviour of the Compose file (conditions, secrets, health, ports, labels) and its
// validity against the Compose Specification's JSON Schema for every fixture model.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { parse } from 'yaml';
import { diskReader } from '../../drivers/files.js';
import { loadModel } from '../../model/load.js';
import { EnvironmentSchema, type Environment } from '../../model/schema.js';
import { renderLocal } from './index.js';
import { composeProject } from './compose-project.js';
import { secretsFilePath, secretVar } from '../secret-names.js';

const root = new URL('../../../', import.meta.url).pathname;
const MODELS = [
  'fixtures/valid-minimal.yaml',
  'fixtures/valid-large.yaml',
  'fixtures/demo/oh-env.yaml',
  'envs/openhands.yaml',
];

const load = (file: string): Environment => loadModel({ cwd: root, file, target: 'local' }, diskReader).env;
const model = (doc: Record<string, unknown>): Environment =>
  EnvironmentSchema.parse({ apiVersion: 'oh-env.dev/v1alpha1', kind: 'Environment', metadata: { name: 't' }, ...doc });

interface ComposeDoc {
  name: string;
  services: Record<string, Record<string, any>>; // eslint-disable-line @typescript-eslint/no-explicit-any
  volumes?: Record<string, unknown>;
}
function rendered(env: Environment) {
  const r = renderLocal({ env, sources: ['m.yaml'] });
  assert.equal(r.files.length, 1);
  assert.equal(r.files[0]!.path, 'docker-compose.yml');
  return { text: r.files[0]!.content, doc: parse(r.files[0]!.content) as ComposeDoc, warnings: r.warnings };
}

async function composeValidator() {
  const require = createRequire(import.meta.url);
  const Ajv = require('ajv') as typeof import('ajv').default;
  const addFormats = require('ajv-formats') as typeof import('ajv-formats').default;
  const ajv = new Ajv({ allErrors: true, strict: false });
  addFormats(ajv);
  // The schema names the draft-07 meta-schema by its https address; Ajv knows it by the http one.
  const draft7 = require('ajv/dist/refs/json-schema-draft-07.json') as Record<string, unknown>;
  ajv.addMetaSchema({ ...draft7, $id: 'https://json-schema.org/draft-07/schema' });
  const schema = JSON.parse(readFileSync(join(root, 'schema/vendor/compose-spec.json'), 'utf8')) as { $id: string };
  assert.equal(schema.$id, 'compose_spec.json');
  return ajv.compile(schema);
}

for (const file of MODELS) {
  test(`render local of ${file} is valid against the Compose Specification schema`, async () => {
    const validate = await composeValidator();
    const { doc } = rendered(load(file));
    const ok = validate(doc);
    assert.ok(ok, JSON.stringify(validate.errors, null, 2));
  });
}

test('the schema check can fail: an unknown service key is rejected', async () => {
  const validate = await composeValidator();
  const { doc } = rendered(load('fixtures/valid-minimal.yaml'));
  doc.services.web!.replicaz = 2;
  assert.equal(validate(doc), false);
});

test('project name is targets.local.project, else metadata.name', () => {
  assert.equal(rendered(load('fixtures/valid-large.yaml')).doc.name, 'platform-dev');
  assert.equal(rendered(load('fixtures/valid-minimal.yaml')).doc.name, 'minimal');
});

test('every service, job and backend is a compose service; jobs never restart', () => {
  const { doc } = rendered(load('fixtures/valid-large.yaml'));
  assert.deepEqual(Object.keys(doc.services).sort(), [
    'api',
    'cache',
    'db',
    'docs',
    'events',
    'files',
    'migrate',
    'seed',
    'worker',
  ]);
  assert.equal(doc.services.migrate!.restart, 'no');
  assert.equal(doc.services.seed!.restart, 'no');
  assert.equal(doc.services.api!.restart, 'unless-stopped');
});

test('`restart: "no"` is quoted, so no YAML reader takes it for false', () => {
  const { text } = rendered(load('envs/openhands.yaml'));
  assert.match(text, /restart: "no"\n/);
});

test('a job dependency waits for service_completed_successfully, uses waits for healthy', () => {
  const { doc } = rendered(load('fixtures/valid-large.yaml'));
  assert.deepEqual(doc.services.api!.depends_on, {
    cache: { condition: 'service_healthy', required: true },
    db: { condition: 'service_healthy', required: true },
    files: { condition: 'service_healthy', required: true },
    migrate: { condition: 'service_completed_successfully', required: true },
    seed: { condition: 'service_completed_successfully', required: true },
  });
  assert.deepEqual(doc.services.worker!.depends_on.api, { condition: 'service_healthy', required: true });
});

test('secret values never appear; secrets are required interpolations naming the secret', () => {
  const env = load('envs/openhands.yaml');
  const { text, doc } = rendered(env);
  const pass = doc.services.app!.environment.DB_PASS as string;
  assert.match(pass, /^\$\{OH_SECRET_DB_PASSWORD:\?secret "db-password" has no value: [^}$]*\}$/);
  assert.equal(doc.services.app!.environment.LLM_API_KEY, '${OH_SECRET_LLM_API_KEY:-}');
  assert.match(doc.services.postgres!.environment.POSTGRES_PASSWORD as string, /^\$\{OH_SECRET_DB_PASSWORD:\?/);
  assert.match(
    text,
    /docker compose --env-file "\$\{XDG_CONFIG_HOME:-\$HOME\/\.config\}\/oh-env\/openhands\/secrets\.env" up -d --wait/,
  );
  // A literal `$` in a plain value is escaped, so Compose keeps it as it is.
  const withDollar = model({ services: { a: { image: 'x:1', env: { PRICE: 'a$b' } } } });
  assert.equal(rendered(withDollar).doc.services.a!.environment.PRICE, 'a$$b');
});

test('probeTool none: no healthcheck, a parity warning, and healthy dependents wait for started', () => {
  const { doc, warnings } = rendered(load('fixtures/valid-large.yaml'));
  assert.equal(doc.services.events!.healthcheck, undefined);
  const w = warnings.find((x) => x.path === 'services.events.health.readiness.http');
  assert.ok(w, 'warning about the probe gap');
  assert.match(w.message, /probeTool is "none"/);
  assert.ok(w.hint);
  const dep = model({
    services: {
      a: { image: 'x:1', health: { probeTool: 'none', readiness: { http: { path: '/', port: 80 } } } },
      b: { image: 'x:1', dependsOn: { a: 'healthy' } },
    },
  });
  const r = rendered(dep);
  assert.equal(r.doc.services.b!.depends_on.a.condition, 'service_started');
  assert.ok(r.warnings.some((x) => x.path === 'services.b.dependsOn.a'));
});

test('health checks run inside the image with the probe tool; readiness before liveness; timings kept', () => {
  const { doc } = rendered(load('envs/openhands.yaml'));
  const hc = doc.services.app!.healthcheck;
  assert.deepEqual(hc.test.slice(0, 3), ['CMD', 'python3', '-c']);
  assert.match(hc.test[3], /http:\/\/127\.0\.0\.1:3000\/alive/);
  assert.deepEqual([hc.interval, hc.timeout, hc.retries, hc.start_period], ['5s', '5s', 3, '60s']);
  const tools = ['curl', 'wget', 'node'] as const;
  for (const probeTool of tools) {
    const e = model({
      services: {
        a: {
          image: 'x:1',
          ports: [{ name: 'h', port: 8080 }],
          health: { probeTool, liveness: { http: { path: '/z', port: 'h' } } },
        },
      },
    });
    const t = rendered(e).doc.services.a!.healthcheck.test as string[];
    assert.equal(t[1], probeTool);
    assert.ok(
      t.some((x) => x.includes('http://127.0.0.1:8080/z')),
      t.join(' '),
    );
  }
  const large = rendered(load('fixtures/valid-large.yaml')).doc;
  assert.deepEqual(large.services.docs!.healthcheck.test, ['CMD', 'bash', '-c', 'exec 3<>/dev/tcp/127.0.0.1/80']);
  assert.deepEqual(large.services.worker!.healthcheck.test, ['CMD', 'python', '-c', 'import sys; sys.exit(0)']);
});

test('published ports bind the bind address (127.0.0.1 by default); unpublished ports stay internal', () => {
  const { doc } = rendered(load('fixtures/valid-large.yaml'));
  assert.deepEqual(doc.services.api!.ports, ['127.0.0.1:3000:3000']);
  assert.equal(doc.services.events!.ports, undefined);
  const open = model({
    services: { a: { image: 'x:1', ports: [{ name: 'h', port: 80, publish: 8080 }] } },
    targets: { local: { bindAddress: '0.0.0.0' } },
  });
  assert.deepEqual(rendered(open).doc.services.a!.ports, ['0.0.0.0:8080:80']);
});

test('labels, resources, init, docker socket, host gateway, binds and named volumes', () => {
  const { doc, text } = rendered(load('envs/openhands.yaml'));
  const app = doc.services.app!;
  assert.equal(app.labels['dev.oh-env.env'], 'openhands');
  assert.equal(app.labels['dev.oh-env.kind'], 'service');
  assert.equal(doc.services.migrate!.labels['dev.oh-env.kind'], 'job');
  assert.equal(doc.services.postgres!.labels['dev.oh-env.kind'], 'backend');
  assert.deepEqual(app.deploy.resources, {
    limits: { cpus: '1', memory: '4g' },
    reservations: { cpus: '1', memory: '3g' },
  });
  assert.equal(app.init, true);
  assert.deepEqual(app.extra_hosts, ['host.docker.internal:host-gateway']);
  const mounts = (app.volumes as { type: string; source: string; target: string }[]).map(
    (v) => `${v.type}:${v.source}:${v.target}`,
  );
  assert.deepEqual(mounts, [
    'volume:app-file-store:/.openhands',
    'bind:./workspace:/opt/workspace_base',
    'bind:/var/run/docker.sock:/var/run/docker.sock',
  ]);
  assert.match(text, /Docker socket is mounted only where the model asks/);
  assert.deepEqual(Object.keys(doc.volumes ?? {}), ['app-file-store', 'files-data', 'postgres-data', 'redis-data']);
});

test('backends: postgres, redis and fake-gcs-server with their volumes and health checks', () => {
  const { doc } = rendered(load('envs/openhands.yaml'));
  const pg = doc.services.postgres!;
  assert.equal(pg.image, 'postgres:15');
  assert.deepEqual(pg.healthcheck.test, ['CMD', 'pg_isready', '-U', 'openhands', '-d', 'openhands', '-h', '127.0.0.1']);
  assert.deepEqual(pg.volumes, [{ source: 'postgres-data', target: '/var/lib/postgresql/data', type: 'volume' }]);
  assert.deepEqual(doc.services.redis!.healthcheck.test, ['CMD', 'redis-cli', 'ping']);
  const gcs = doc.services.files!;
  const script = gcs.entrypoint[2] as string;
  assert.match(script, /^mkdir -p \/seed\/openhands-files && exec fake-gcs-server -data \/seed /);
  for (const flag of [
    '-scheme http',
    '-host 0.0.0.0',
    '-port 4443',
    '-backend filesystem',
    '-filesystem-root /storage',
    '-external-url http://files:4443',
    '-public-host files:4443',
  ])
    assert.ok(script.includes(flag), flag);
  assert.deepEqual(gcs.volumes, [{ source: 'files-data', target: '/storage', type: 'volume' }]);
  assert.equal(doc.services.app!.environment.STORAGE_EMULATOR_HOST, 'http://files:4443');
  const demo = rendered(load('fixtures/demo/oh-env.yaml')).doc;
  assert.equal(demo.services.postgres!.image, 'oh-env-lab/postgres:15');
});

test('rendering is deterministic', () => {
  const env = load('fixtures/valid-large.yaml');
  assert.equal(rendered(env).text, rendered(env).text);
});

test('the typed project lists the secrets with their variables and generate lengths', () => {
  const p = composeProject(load('envs/openhands.yaml'));
  assert.deepEqual(p.secrets['jwt-secret'], { variable: 'OH_SECRET_JWT_SECRET', required: true, generateLength: 48 });
  assert.deepEqual(p.secrets['llm-api-key'], { variable: 'OH_SECRET_LLM_API_KEY', required: false });
  assert.equal(secretVar('db-password'), 'OH_SECRET_DB_PASSWORD');
});

test('the secrets file lives in XDG_CONFIG_HOME, else ~/.config', () => {
  assert.equal(secretsFilePath('demo', { XDG_CONFIG_HOME: '/x/cfg' }, '/home/u'), '/x/cfg/oh-env/demo/secrets.env');
  assert.equal(secretsFilePath('demo', {}, '/home/u'), '/home/u/.config/oh-env/demo/secrets.env');
  assert.equal(
    secretsFilePath('demo', { XDG_CONFIG_HOME: 'relative' }, '/home/u'),
    '/home/u/.config/oh-env/demo/secrets.env',
  );
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadModel } from '../../model/load.js';
import { diskReader } from '../../drivers/files.js';
import { OhEnvError } from '../../errors.js';
import { buildPlan, planScript, planSummary } from './plan.js';
import { IAP_RANGE } from './plan/desired-network.js';
import { RUNTIME_PROJECT_ROLES } from './plan/desired-cluster.js';
import { toJson } from '../yaml.js';

const root = new URL('../../../', import.meta.url).pathname;
const load = (file?: string) => loadModel({ cwd: root, target: 'gke', ...(file ? { file } : {}) }, diskReader).env;
const env = load();
const plan = buildPlan(env);
const step = (id: string) => {
  const s = plan.resources.find((x) => x.id === id);
  assert.ok(s, `no resource ${id}`);
  return s;
};
/** The argv of a resource's create command(s). */
const flags = (id: string) => step(id).gcloud.create.flatMap((c) => c.argv);

test('every step comes after the steps it depends on, and ids are unique', () => {
  const seen = new Set<string>();
  for (const s of plan.resources) {
    for (const d of s.dependsOn) assert.ok(seen.has(d), `${s.id} runs before its dependency ${d}`);
    assert.ok(!seen.has(s.id), `duplicate ${s.id}`);
    seen.add(s.id);
  }
  assert.equal(plan.resources[0]!.id, 'apis');
});

test('covers every part of the GCP environment', () => {
  const types = new Set(plan.resources.map((s) => s.type));
  for (const t of [
    'serviceusage.services',
    'compute.networks',
    'compute.subnetworks',
    'compute.globalAddresses',
    'servicenetworking.connections',
    'compute.firewalls',
    'iam.serviceAccounts',
    'projects.iamBinding',
    'artifactregistry.repositories',
    'container.clusters',
    'container.nodePools',
    'sqladmin.instances',
    'sqladmin.databases',
    'sqladmin.users',
    'redis.instances',
    'storage.buckets',
    'storage.buckets.iamBinding',
    'secretmanager.secrets',
    'secretmanager.versions',
    'secretmanager.secrets.iamBinding',
    'iam.serviceAccounts.iamBinding',
  ] as const)
    assert.ok(types.has(t), `no ${t} resource`);
  assert.deepEqual(
    plan.resources.filter((s) => s.id.startsWith('node-pool-')).map((s) => s.name),
    ['sandboxes', 'system'],
  );
  assert.ok(flags('node-pool-sandboxes').includes('--node-taints=openhands.dev/sandbox=true:NoSchedule'));
  assert.ok(flags('node-pool-sandboxes').includes('--node-labels=workload=sandboxes'));
});

test('SSH is open only to the IAP range; the web to everyone', () => {
  assert.ok(flags('firewall-ssh-iap').includes(`--source-ranges=${IAP_RANGE}`));
  assert.ok(flags('firewall-ssh-iap').includes('--rules=tcp:22'));
  assert.ok(flags('firewall-web').includes('--rules=tcp:80,tcp:443'));
  const sshAnywhere = plan.resources.some(
    (s) =>
      s.type === 'compute.firewalls' &&
      flags(s.id).includes('--source-ranges=0.0.0.0/0') &&
      flags(s.id).some((f) => f.includes('tcp:22')),
  );
  assert.equal(sshAnywhere, false);
});

test('the runtime account gets least privilege: project roles exactly, bucket and secrets scoped to one resource', () => {
  const runtimeProjectRoles = plan.resources
    .filter((s) => s.id.startsWith('iam-runtime-'))
    .map((s) =>
      flags(s.id)
        .find((f) => f.startsWith('--role='))!
        .slice(7),
    )
    .sort();
  assert.deepEqual(runtimeProjectRoles, [...RUNTIME_PROJECT_ROLES].sort());
  for (const admin of [
    'roles/storage.admin',
    'roles/cloudsql.admin',
    'roles/container.admin',
    'roles/compute.admin',
    'roles/owner',
    'roles/editor',
  ])
    assert.ok(!plan.resources.some((s) => flags(s.id).includes(`--role=${admin}`)), `${admin} granted`);
  assert.deepEqual(flags('bucket-files-access').slice(0, 4), [
    'storage',
    'buckets',
    'add-iam-policy-binding',
    'gs://openhands-files',
  ]);
  assert.ok(flags('bucket-files-access').includes('--role=roles/storage.objectAdmin'));
  assert.ok(flags('secret-jwt-secret-access').includes('--role=roles/secretmanager.secretAccessor'));
  assert.equal(flags('secret-jwt-secret-access')[2], 'openhands-jwt-secret');
});

test('Cloud SQL has a private IP only; Redis uses private service access; both wait for the peering', () => {
  assert.ok(flags('sql-postgres').includes('--no-assign-ip'));
  assert.ok(flags('sql-postgres').includes('--availability-type=REGIONAL'));
  assert.deepEqual(step('sql-postgres').dependsOn, ['private-connection']);
  assert.ok(flags('redis-redis').includes('--connect-mode=private-service-access'));
  const redis = step('redis-redis');
  assert.deepEqual(redis.type === 'redis.instances' && redis.outputs.map((o) => o.key), ['REDIS_HOST_REDIS']);
});

test('Workload Identity binds the KSAs the manifests use to the runtime account', () => {
  const members = plan.resources
    .filter((s) => s.type === 'iam.serviceAccounts.iamBinding')
    .map((s) => flags(s.id).find((f) => f.startsWith('--member='))!);
  assert.deepEqual(members, [
    '--member=serviceAccount:openhands-prod.svc.id.goog[openhands/app]',
    '--member=serviceAccount:openhands-prod.svc.id.goog[openhands/migrate]',
  ]);
  assert.ok(flags('cluster').includes('--workload-pool=openhands-prod.svc.id.goog'));
});

test('no secret value anywhere: the password and generated values reach gcloud on stdin, never in argv', () => {
  const user = step('sql-postgres-user').gcloud.create[0]!;
  assert.deepEqual(user.stdin, { secret: 'openhands-db-password', flag: '--password' });
  assert.ok(user.argv.includes('--flags-file=-'));
  assert.ok(!user.argv.some((a) => a.startsWith('--password')), 'no --password flag on the command line');
  assert.deepEqual(step('secret-jwt-secret-value').gcloud.create[0]!.stdin, { generate: 48 });
  const script = planScript(plan);
  assert.doesNotMatch(script, /--password=/, 'the script never puts a password flag on a command line');
  assert.ok(
    script.includes(
      "{ printf '%s\\n' '--password: |2-'; gcloud secrets versions access latest --secret=openhands-db-password --project=openhands-prod | sed 's/^/  /'; } | gcloud sql users create openhands --instance=openhands-postgres --flags-file=- ",
    ),
    'the password is piped into gcloud as a flags file',
  );
  assert.match(
    script,
    /openssl rand -base64 48 \| tr -d '\\n' \| gcloud secrets versions add openhands-jwt-secret --data-file=-/,
  );
  assert.doesNotMatch(script, /--from-literal=(db-password|jwt-secret)/, 'secret values never on a command line');
  assert.doesNotMatch(toJson(plan), /password=/);
});

test('the script is idempotent bash and the plan deterministic', () => {
  const script = planScript(plan);
  assert.match(script, /^#!\/usr\/bin\/env bash\nset -euo pipefail|set -euo pipefail/m);
  assert.match(
    script,
    /if gcloud compute networks describe openhands-vpc --project=openhands-prod >\/dev\/null 2>&1; then/,
  );
  assert.match(script, /if ! gcloud container node-pools describe default-pool/);
  assert.equal(toJson(buildPlan(load())), toJson(plan));
  assert.match(planSummary(plan), new RegExp(`: ${plan.resources.length} steps\\n`));
});

test('names stay valid for GCP with a long environment name', () => {
  const long = buildPlan({ ...env, metadata: { ...env.metadata, name: 'a-very-long-environment-name-for-tests' } });
  for (const s of long.resources) {
    if (s.type === 'iam.serviceAccounts') {
      const id = s.properties.accountId;
      assert.match(id, /^[a-z][-a-z0-9]{4,28}[a-z0-9]$/, `service account id ${id}`);
    }
    assert.ok(s.name.split(/[ @/]/)[0]!.length <= 63, s.name);
  }
});

test('a model without targets.gke cannot be planned: a model error naming the path', () => {
  assert.throws(
    () => buildPlan(load('fixtures/valid-minimal.yaml')),
    (e: unknown) => e instanceof OhEnvError && e.code === 'E_MODEL_INVALID' && e.issues[0]?.path === 'targets.gke',
  );
});

// Contract: every command of the GCP plan is accepted by the REAL gcloud CLI and turns into the REST call
// we mean. gcloud runs against a fake of Google's APIs on 127.0.0.1 (fake-gcp.ts), so nothing leaves the
// machine; what is under test is our argv (flags gcloud knows, values it parses) and where it sends it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { execa } from 'execa';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { diskReader } from '../../src/drivers/files.js';
import { loadModel } from '../../src/model/load.js';
import {
  buildPlan,
  flagsFileInput,
  planScript,
  updateCommands,
  type Command,
  type PlannedResource,
} from '../../src/render/gke/plan.js';
import { startFakeGcp, type RecordedRequest } from './fake-gcp.js';

const run = promisify(execFile);
const root = new URL('../../', import.meta.url).pathname;

/** What each kind of gcloud command must send: the first mutating request's method and path. */
const EXPECTED: [RegExp, string, RegExp][] = [
  [
    /^services enable/,
    'POST',
    /^\/v1\/projects\/[^/]+\/services:batchEnable$|^\/v1\/projects\/[^/]+\/services\/[^/]+:enable$/,
  ],
  [/^compute networks create/, 'POST', /^\/projects\/[^/]+\/global\/networks$/],
  [/^compute networks subnets create/, 'POST', /^\/projects\/[^/]+\/regions\/[^/]+\/subnetworks$/],
  [/^compute addresses create/, 'POST', /^\/projects\/[^/]+\/global\/addresses$/],
  [/^compute firewall-rules create/, 'POST', /^\/projects\/[^/]+\/global\/firewalls$/],
  [/^services vpc-peerings connect/, 'POST', /^\/v1\/services\/servicenetworking\.googleapis\.com\/connections$/],
  [/^artifacts repositories create/, 'POST', /^\/v1\/projects\/[^/]+\/locations\/[^/]+\/repositories$/],
  [/^iam service-accounts create/, 'POST', /^\/v1\/projects\/[^/]+\/serviceAccounts$/],
  [
    /^iam service-accounts add-iam-policy-binding/,
    'POST',
    /^\/v1\/projects\/[^/]+\/serviceAccounts\/[^/]+:setIamPolicy$/,
  ],
  [/^projects add-iam-policy-binding/, 'POST', /^\/v1\/projects\/[^/]+:setIamPolicy$/],
  [/^container clusters create/, 'POST', /^\/v1\/projects\/[^/]+\/locations\/[^/]+\/clusters$/],
  [/^container node-pools create/, 'POST', /^\/v1\/projects\/[^/]+\/locations\/[^/]+\/clusters\/[^/]+\/nodePools$/],
  [
    /^container node-pools delete/,
    'DELETE',
    /^\/v1\/projects\/[^/]+\/locations\/[^/]+\/clusters\/[^/]+\/nodePools\/default-pool$/,
  ],
  [/^secrets create/, 'POST', /^\/v1\/projects\/[^/]+\/secrets$/],
  [/^secrets versions add/, 'POST', /^\/v1\/projects\/[^/]+\/secrets\/[^/]+:addVersion$/],
  [/^secrets add-iam-policy-binding/, 'POST', /^\/v1\/projects\/[^/]+\/secrets\/[^/]+:setIamPolicy$/],
  [/^sql instances create/, 'POST', /^\/sql\/v1beta4\/projects\/[^/]+\/instances$/],
  [/^sql databases create/, 'POST', /^\/sql\/v1beta4\/projects\/[^/]+\/instances\/[^/]+\/databases$/],
  [/^sql users create/, 'POST', /^\/sql\/v1beta4\/projects\/[^/]+\/instances\/[^/]+\/users$/],
  [/^redis instances create/, 'POST', /^\/v1\/projects\/[^/]+\/locations\/[^/]+\/instances$/],
  [/^storage buckets create/, 'POST', /^\/b$/],
  [/^storage buckets update/, 'PATCH', /^\/b\/[^/]+$/],
  [/^storage buckets add-iam-policy-binding/, 'PUT', /^\/b\/[^/]+\/iam$/],
  // In-place updates (what compare() marks `update`).
  // Private Google Access has its own method; the other subnet fields are a PATCH.
  [
    /^compute networks subnets update/,
    'POST|PATCH',
    /^\/projects\/[^/]+\/regions\/[^/]+\/subnetworks\/[^/]+(\/setPrivateIpGoogleAccess)?$/,
  ],
  [/^compute firewall-rules update/, 'PATCH', /^\/projects\/[^/]+\/global\/firewalls\/[^/]+$/],
  [
    /^services vpc-peerings update/,
    'PATCH',
    /^\/v1\/services\/servicenetworking\.googleapis\.com\/connections\/[^/]+$/,
  ],
  [/^iam service-accounts update/, 'PUT|PATCH', /^\/v1\/projects\/[^/]+\/serviceAccounts\/[^/]+$/],
  [/^container clusters update/, 'PUT|POST', /^\/v1\/projects\/[^/]+\/locations\/[^/]+\/clusters\/[^/]+(:[a-zA-Z]+)?$/],
  [
    /^container node-pools update/,
    'PUT|POST',
    // Autoscaling is set through the cluster (desiredNodePoolAutoscaling), the rest on the pool.
    /^\/v1\/projects\/[^/]+\/locations\/[^/]+\/clusters\/[^/]+(\/nodePools\/[^/]+)?(:[a-zA-Z]+)?$/,
  ],
  [/^sql instances patch/, 'PATCH', /^\/sql\/v1beta4\/projects\/[^/]+\/instances\/[^/]+$/],
  [/^redis instances update/, 'PATCH', /^\/v1\/projects\/[^/]+\/locations\/[^/]+\/instances\/[^/]+$/],
  [/^redis instances upgrade/, 'POST', /^\/v1\/projects\/[^/]+\/locations\/[^/]+\/instances\/[^/]+:upgrade$/],
];

/** A password with what YAML, a shell or a flag parser could misread; it must reach the API unchanged. */
const PASSWORD = ` p@ss: #"q" 'a' $HOME \\ |2- {x} -- end`;

/** The stdin a command gets when the plan runs: a generated value, or a secret as a flags file. */
const inputOf = (c: Command): string =>
  !c.stdin ? '' : 'generate' in c.stdin ? 'x'.repeat(c.stdin.generate) : flagsFileInput(c.stdin.flag, PASSWORD);

/** Every mutating command of a resource: create, converge, and the update of every field gcloud changes in place. */
function commandsToRun(r: PlannedResource): { label: string; command: Command }[] {
  const fields = r.type === 'serviceusage.services' ? [] : Object.keys(r.properties);
  return [
    ...r.gcloud.create.map((command) => ({ label: `${r.id} create`, command })),
    ...(r.gcloud.converge ?? []).map((command) => ({ label: `${r.id} converge`, command })),
    ...updateCommands(r, fields).map((command) => ({ label: `${r.id} update`, command })),
  ];
}

async function gcloud(c: Command, env: Record<string, string>): Promise<{ code: number; stderr: string }> {
  const r = await execa('gcloud', [...c.argv, '--quiet'], {
    env: { ...process.env, ...env },
    timeout: 120_000,
    reject: false,
    input: inputOf(c),
  });
  return { code: r.exitCode ?? 1, stderr: String(r.stderr) };
}

const gcloudAvailable = await run('gcloud', ['--version']).then(
  () => true,
  () => false,
);

test(
  'every gcloud command of the default plan is accepted by the real gcloud and hits the right API',
  { timeout: 900_000, skip: !gcloudAvailable && 'gcloud is not installed' },
  async () => {
    const env = loadModel({ cwd: root, target: 'gke' }, diskReader).env;
    const plan = buildPlan(env);
    const workers = 3;
    const queue = plan.resources.flatMap(commandsToRun);
    const total = queue.length;
    const failures: string[] = [];
    const checked = new Set<string>();
    const refused: string[] = [];
    const passwords: unknown[] = [];
    await Promise.all(
      Array.from({ length: workers }, async () => {
        const fake = await startFakeGcp();
        const config = mkdtempSync(join(tmpdir(), 'oh-env-gcloud-'));
        try {
          for (let job = queue.shift(); job; job = queue.shift()) {
            const { label, command } = job;
            const before = fake.requests.length;
            const r = await gcloud(command, {
              ...fake.env(config, plan.project),
              KUBECONFIG: join(config, 'kubeconfig'),
            });
            const line = command.argv.join(' ');
            if (/unrecognized arguments|argument .*: |invalid choice|is not a valid/i.test(r.stderr)) {
              failures.push(
                `${label}: gcloud rejected the command line: ${line}\n${r.stderr.split('\n').slice(-6).join('\n')}`,
              );
              continue;
            }
            const sent = fake.requests.slice(before).filter((q: RecordedRequest) => q.method !== 'GET');
            const rule = EXPECTED.find(([re]) => re.test(line));
            if (!rule) {
              failures.push(`${label}: no expectation for "${line}"`);
              continue;
            }
            const [, method, path] = rule;
            const hit = sent.find((q) => method.split('|').includes(q.method) && path.test(q.path));
            if (!hit)
              failures.push(
                `${label}: expected ${method} ${path} from "${line}"; sent: ${sent.map((q) => `${q.method} /${q.api}${q.path}`).join(', ') || 'nothing'} (exit ${r.code})\n${r.stderr.split('\n').slice(-4).join('\n')}`,
              );
            else {
              checked.add(`${label} ${line}`);
              if (command.stdin && 'secret' in command.stdin) passwords.push(hit.body.password);
            }
          }
        } finally {
          refused.push(...fake.refusedConnects);
          await fake.close();
          rmSync(config, { recursive: true, force: true });
        }
      }),
    );
    assert.deepEqual(failures, []);
    assert.equal(checked.size, total);
    assert.deepEqual(refused, [], 'gcloud tried to reach an API outside the fake');
    // The password went in on stdin (--flags-file=-) and reached the API byte for byte.
    assert.deepEqual(passwords, [PASSWORD]);
  },
);

test(
  'gcloud rejects a misspelt flag before sending anything (the check above can fail)',
  { skip: !gcloudAvailable && 'gcloud is not installed' },
  async () => {
    const fake = await startFakeGcp();
    const config = mkdtempSync(join(tmpdir(), 'oh-env-gcloud-'));
    try {
      const r = await gcloud(
        { argv: ['compute', 'networks', 'create', 'x', '--subnet-mod=custom', '--project=p'] },
        fake.env(config, 'p'),
      );
      assert.notEqual(r.code, 0);
      assert.match(r.stderr, /unrecognized arguments/);
      assert.equal(fake.requests.filter((q) => q.method !== 'GET').length, 0);
    } finally {
      await fake.close();
      rmSync(config, { recursive: true, force: true });
    }
  },
);

test(
  'plan.sh gives the Cloud SQL password to gcloud on stdin, as it is in Secret Manager, never on a command line',
  { timeout: 120_000, skip: !gcloudAvailable && 'gcloud is not installed' },
  async () => {
    const plan = buildPlan(loadModel({ cwd: root, target: 'gke' }, diskReader).env);
    const user = plan.resources.find((r) => r.type === 'sqladmin.users')!;
    const secret = user.type === 'sqladmin.users' ? user.properties.passwordSecret : '';
    // The script's own line, run by bash as plan.sh runs it.
    const line = planScript(plan)
      .split('\n')
      .find((l) => l.includes('gcloud sql users create'))!
      .trim();
    const fake = await startFakeGcp({ [secret]: PASSWORD });
    const config = mkdtempSync(join(tmpdir(), 'oh-env-gcloud-'));
    try {
      const r = await execa('bash', ['-c', `set -euo pipefail\n${line}`], {
        env: { ...process.env, ...fake.env(config, plan.project) },
        reject: false,
        timeout: 100_000,
      });
      const create = fake.requests.find((q) => q.method === 'POST' && q.path.endsWith('/users'));
      assert.ok(create, `no users create sent (exit ${r.exitCode}): ${String(r.stderr)}`);
      assert.equal(create.body.password, PASSWORD);
      assert.ok(!line.includes(PASSWORD) && !line.includes('--password='));
    } finally {
      await fake.close();
      rmSync(config, { recursive: true, force: true });
    }
  },
);

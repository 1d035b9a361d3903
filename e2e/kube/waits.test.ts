// The kube waits, the status source and ps against the lab's real kube-apiserver, whose two nodes are kwok's
// fake kubelets: pods get scheduled and kwok marks them Running and Ready, and Jobs' pods Succeeded, so the real
// controllers (Deployment, ReplicaSet, Job) drive the objects the watches see. The bad states a real kubelet
// would report are set on the pod's status subresource (through kubectl, as a kubelet would): the pods that get
// them are bound to a node that does not exist, so no kwok kubelet overwrites them. Unschedulable is real: the
// scheduler finds no node for a nodeSelector nobody matches.
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { connectKube, type KubeDriver, type KubeResource } from '../../src/drivers/kube/index.js';
import type { OhEnvEvent } from '../../src/events/types.js';
import { ClusterView } from '../../src/targets/kube/cluster-view.js';
import { envLabels } from '../../src/targets/kube/objects.js';
import { psKube } from '../../src/targets/kube/ps.js';
import { KubeStatusSource } from '../../src/targets/kube/status-source.js';
import { KubeWaits } from '../../src/targets/kube/waits.js';
import type { Environment } from '../../src/model/schema.js';
import { kubeTools, type KubeTools } from './lab-access.js';

const ENV = `ohe-waits-${process.pid}`;
const NS = ENV;
const GHOST = `ohe-ghost-${process.pid}`;
const env = {
  metadata: { name: ENV },
  services: { app: {}, broken: {}, crashy: {}, huge: {} },
  jobs: { migrate: {}, failing: {} },
  backends: {},
} as unknown as Environment;
const schema = JSON.parse(readFileSync(new URL('../../schema/events.schema.json', import.meta.url), 'utf8'));
const validate = new Ajv2020({ strict: true }).compile(schema);

const labelsOf = (name: string, kind: string) => ({
  ...envLabels(env),
  'app.kubernetes.io/name': name,
  'dev.oh-env.kind': kind,
});

function deployment(name: string, podSpec: Record<string, unknown> = {}): KubeResource {
  const labels = labelsOf(name, 'service');
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace: NS, labels },
    spec: {
      replicas: 1,
      selector: { matchLabels: { 'app.kubernetes.io/name': name, 'app.kubernetes.io/part-of': ENV } },
      template: {
        metadata: { labels },
        spec: {
          containers: [
            {
              name,
              image: 'oh-env-lab/demo-app:0.1.0',
              ports: [{ containerPort: 3000 }],
              env: [{ name: 'PORT', value: '3000' }],
            },
          ],
          ...podSpec,
        },
      },
    },
  };
}

function job(name: string, podSpec: Record<string, unknown> = {}): KubeResource {
  const labels = labelsOf(name, 'job');
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name, namespace: NS, labels },
    spec: {
      backoffLimit: 0,
      template: {
        metadata: { labels },
        spec: { restartPolicy: 'Never', containers: [{ name, image: 'oh-env-lab/demo-app:0.1.0' }], ...podSpec },
      },
    },
  };
}

interface Lab {
  readonly kube: KubeDriver;
  readonly tools: KubeTools;
  kubectl(...args: string[]): Promise<string>;
}

async function lab(t: TestContext): Promise<Lab | undefined> {
  const tools = await kubeTools(t);
  if (!tools) return undefined;
  const kube = await connectKube({ kubeconfig: tools.kubeconfig });
  const { execa } = await import('execa');
  const kubectl = async (...args: string[]) =>
    (await execa(tools.kubectl, ['--kubeconfig', tools.kubeconfig, '-n', NS, ...args])).stdout;
  return { kube, tools, kubectl };
}

/** Resolves with the first pod of `name` that the view holds. */
async function podOf(view: ClusterView, name: string): Promise<KubeResource> {
  for (;;) {
    const p = view.pods().find((x) => x.metadata.labels?.['app.kubernetes.io/name'] === name);
    if (p) return p;
    await new Promise<void>((resolve) => {
      const off = view.subscribe(() => {
        off();
        resolve();
      });
    });
  }
}

const stamp = (e: Record<string, unknown>): OhEnvEvent => ({ ...e, time: Date.now() }) as OhEnvEvent;

test('waits, status and ps on a real API server (kwok nodes)', { timeout: 120_000 }, async (t) => {
  const l = await lab(t);
  if (!l) return;
  const { kube, kubectl } = l;
  await kube.apply([{ apiVersion: 'v1', kind: 'Namespace', metadata: { name: NS, labels: envLabels(env) } }]);
  const view = await ClusterView.open(kube, NS, envLabels(env));
  const waits = new KubeWaits(view);
  const signal = new AbortController().signal;
  try {
    await t.test('driver watch: ADDED, MODIFIED, DELETED of a labelled object, nothing of others', async () => {
      const seen: string[] = [];
      const cm = (name: string, labels: Record<string, string>, data: Record<string, string>): KubeResource => ({
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name, namespace: NS, labels },
        data,
      });
      await kube.apply([cm('before', envLabels(env), { a: '1' })]);
      const changed = new Promise<void>((resolve) => {
        void kube
          .watch({ apiVersion: 'v1', kind: 'ConfigMap' }, { namespace: NS, labels: envLabels(env) }, (type, o) => {
            seen.push(`${type} ${o.metadata.name}`);
            if (type === 'DELETED' && o.metadata.name === 'after') resolve();
          })
          .then((w) => changed.finally(() => w.stop()));
      });
      await kube.apply([cm('other', { unrelated: 'yes' }, {})]);
      await kube.apply([cm('after', envLabels(env), { a: '1' })]);
      await kube.apply([cm('after', envLabels(env), { a: '2' })]);
      await kubectl('delete', 'configmap', 'after');
      await changed;
      assert.deepEqual(seen, ['ADDED before', 'ADDED after', 'MODIFIED after', 'DELETED after']);
    });

    await t.test('a Deployment becomes ready, a Job completes; progress rows validate against the schema', async () => {
      const rows: Record<string, unknown>[] = [];
      const [d, j] = await kube.apply([deployment('app'), job('migrate')]);
      await Promise.all([
        waits.ready('Deployment', 'app', {
          timeoutMs: 30_000,
          signal,
          onStatus: (s) => rows.push(s),
          applied: { uid: d!.metadata.uid!, generation: 1 },
        }),
        waits.complete('migrate', {
          timeoutMs: 30_000,
          signal,
          onStatus: (s) => rows.push(s),
          applied: { uid: j!.metadata.uid! },
        }),
      ]);
      for (const r of rows) assert.ok(validate(stamp(r)), JSON.stringify(validate.errors));
      const last = (name: string) => rows.filter((r) => r.resource === name).at(-1)!;
      assert.deepEqual([last('app').state, last('app').kind, last('app').ports], ['running', 'service', ['3000/tcp']]);
      assert.deepEqual([last('migrate').state, last('migrate').exitCode, last('migrate').kind], ['exited', 0, 'job']);
    });

    await t.test(
      'a pod in ErrImageNeverPull ends the wait with the reason, the message and the pod events',
      async () => {
        await kube.apply([deployment('broken', { nodeName: GHOST })]);
        const wait = waits.ready('Deployment', 'broken', { timeoutMs: 60_000, signal });
        const p = await podOf(view, 'broken');
        await kube.apply([
          {
            apiVersion: 'v1',
            kind: 'Event',
            metadata: { name: `${p.metadata.name}.pull`, namespace: NS },
            involvedObject: { kind: 'Pod', name: p.metadata.name, namespace: NS, uid: p.metadata.uid },
            type: 'Warning',
            reason: 'ErrImageNeverPull',
            message: 'Container image "oh-env-lab/demo-app:0.1.0" is not present with pull policy of Never',
            count: 2,
            source: { component: 'kubelet' },
          },
        ]);
        const waitingStatus = {
          status: {
            phase: 'Pending',
            containerStatuses: [
              {
                name: 'broken',
                image: 'oh-env-lab/demo-app:0.1.0',
                imageID: '',
                ready: false,
                restartCount: 0,
                started: false,
                state: {
                  waiting: {
                    reason: 'ErrImageNeverPull',
                    message: 'Container image is not present with pull policy of Never',
                  },
                },
                lastState: {},
              },
            ],
          },
        };
        await kubectl(
          'patch',
          'pod',
          p.metadata.name,
          '--subresource=status',
          '--type=merge',
          '-p',
          JSON.stringify(waitingStatus),
        );
        const started = Date.now();
        await assert.rejects(wait, (e: Error & { code?: string; details?: string[]; hint?: string }) => {
          assert.equal(e.code, 'E_UNHEALTHY');
          assert.match(
            e.message,
            new RegExp(`"broken" cannot start: container broken of pod ${p.metadata.name} is in ErrImageNeverPull`),
          );
          assert.ok(
            e.details?.includes('ErrImageNeverPull: Container image is not present with pull policy of Never'),
            e.details?.join('\n'),
          );
          assert.ok(
            e.details?.some((d) => /Warning ErrImageNeverPull \(x2\)/.test(d)),
            e.details?.join('\n'),
          );
          assert.match(e.hint ?? '', /services\.broken/);
          return true;
        });
        assert.ok(Date.now() - started < 10_000, 'ended by the watch, not by the deadline');
      },
    );

    await t.test('a Job whose pod fails ends the wait with E_JOB_FAILED and the exit code', async () => {
      await kube.apply([job('failing', { nodeName: GHOST })]);
      const wait = waits.complete('failing', { timeoutMs: 60_000, signal });
      const p = await podOf(view, 'failing');
      const failed = {
        status: {
          phase: 'Failed',
          containerStatuses: [
            {
              name: 'failing',
              image: 'oh-env-lab/demo-app:0.1.0',
              imageID: '',
              ready: false,
              restartCount: 0,
              started: false,
              state: {
                terminated: {
                  exitCode: 2,
                  reason: 'Error',
                  startedAt: '2026-12-02T00:00:00Z',
                  finishedAt: '2026-12-02T00:00:01Z',
                },
              },
              lastState: {},
            },
          ],
        },
      };
      await kubectl(
        'patch',
        'pod',
        p.metadata.name,
        '--subresource=status',
        '--type=merge',
        '-p',
        JSON.stringify(failed),
      );
      await assert.rejects(wait, (e: Error & { code?: string; details?: string[] }) => {
        assert.equal(e.code, 'E_JOB_FAILED');
        assert.match(e.message, /^job "failing" failed: BackoffLimitExceeded/);
        assert.ok(
          e.details?.some((d) => /container failing exited with code 2 \(Error\)/.test(d)),
          e.details?.join('\n'),
        );
        return true;
      });
    });

    await t.test('an unschedulable pod ends the wait once its grace is over (the scheduler says why)', async () => {
      await kube.apply([deployment('huge', { nodeSelector: { 'oh-env.dev/no-such-node': 'x' } })]);
      await assert.rejects(
        waits.ready('Deployment', 'huge', { timeoutMs: 60_000, signal, unschedulableGraceMs: 1000 }),
        (e: Error & { code?: string; details?: string[] }) => {
          assert.equal(e.code, 'E_UNHEALTHY');
          assert.match(e.message, /is in Unschedulable/);
          assert.ok(
            e.details?.some((d) => /node\(s\) didn't match Pod's node affinity\/selector/.test(d)),
            e.details?.join('\n'),
          );
          return true;
        },
      );
    });

    await t.test('the run signal ends a wait; the deadline ends one with what it saw last', async () => {
      await kube.apply([deployment('crashy', { nodeName: GHOST })]);
      const ac = new AbortController();
      const aborted = waits.ready('Deployment', 'crashy', { timeoutMs: 60_000, signal: ac.signal });
      ac.abort(new Error('interrupted'));
      await assert.rejects(aborted, /interrupted/);
      await assert.rejects(
        waits.ready('Deployment', 'crashy', { timeoutMs: 500, signal }),
        (e: Error & { details?: string[] }) => {
          assert.match(e.message, /Deployment "crashy" did not become ready within 1 s/);
          assert.ok(
            e.details?.some((d) => /^last seen: 0 of 1 updated replicas available/.test(d)),
            e.details?.join('\n'),
          );
          return true;
        },
      );
    });

    await t.test('status source: one row per workload, changes, restart = rollout restart', async () => {
      const events: OhEnvEvent[] = [];
      const source = new KubeStatusSource(kube, NS, envLabels(env));
      await source.start({ emit: (e) => events.push(e) }, { follow: true, logs: false, stats: false });
      try {
        const rows = events.filter((e) => e.type === 'resource.status');
        for (const e of events) assert.ok(validate(e), JSON.stringify(validate.errors));
        const byName = new Map(rows.map((r) => [r.resource, r]));
        assert.deepEqual([...byName.keys()].sort(), ['app', 'broken', 'crashy', 'failing', 'huge', 'migrate']);
        assert.equal(byName.get('app')?.state, 'running');
        assert.equal(byName.get('migrate')?.state, 'exited');
        assert.equal(byName.get('failing')?.state, 'failed');
        assert.match(byName.get('broken')?.reason ?? '', /^ErrImageNeverPull/);
        const before = (await kube.get({ apiVersion: 'apps/v1', kind: 'Deployment' }, 'app', NS)) as KubeResource & {
          metadata: { generation: number };
        };
        const n = events.length;
        await source.restart('app');
        const after = (await kube.get({ apiVersion: 'apps/v1', kind: 'Deployment' }, 'app', NS)) as KubeResource & {
          metadata: { generation: number };
          spec: { template: { metadata: { annotations?: Record<string, string> } } };
        };
        assert.equal(after.metadata.generation, before.metadata.generation + 1);
        assert.ok(after.spec.template.metadata.annotations?.['kubectl.kubernetes.io/restartedAt']);
        // The rollout shows as a change of the row, through the watch.
        for (
          let i = 0;
          i < 100 && !events.slice(n).some((e) => e.type === 'resource.status' && e.resource === 'app');
          i++
        )
          await new Promise((r) => setTimeout(r, 50));
        assert.ok(events.slice(n).some((e) => e.type === 'resource.status' && e.resource === 'app'));
        await assert.rejects(source.restart('migrate'), /a Job runs once/);
      } finally {
        await source.close();
      }
    });

    await t.test('ps: one row per pod, in the model or not', async () => {
      const rows = await psKube(kube, env, NS);
      // After the restart above, the old pod may still be terminating beside the new one.
      const app = rows.find((r) => r.service === 'app' && r.status === 'Running');
      assert.ok(app, JSON.stringify(rows));
      assert.deepEqual(
        [app.kind, app.status, app.image, app.ports, app.inModel],
        ['service', 'Running', 'oh-env-lab/demo-app:0.1.0', ['3000/tcp'], true],
      );
      const migrate = rows.find((r) => r.service === 'migrate');
      assert.deepEqual([migrate?.kind, migrate?.state, migrate?.exitCode], ['job', 'succeeded', 0]);
    });
  } finally {
    view.close();
    await kube.deleteByLabel([{ apiVersion: 'v1', kind: 'Namespace' }], { labels: envLabels(env) });
  }
});

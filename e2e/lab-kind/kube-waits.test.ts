// The kube waits on a real kind cluster (the lab's offline node image, a real kubelet and containerd): an
// image that is not on the node with pull policy Never ends the wait with ErrImageNeverPull and the kubelet's
// events, a container that keeps exiting ends it with CrashLoopBackOff and the last lines of its log, a good
// one becomes ready, and `logs` reads it. Skips without the kind node image, like kind-cluster.test.ts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { connectKube, type KubeResource } from '../../src/drivers/kube/index.js';
import type { Environment } from '../../src/model/schema.js';
import type { LogLine } from '../../src/targets/target.js';
import { ClusterView } from '../../src/targets/kube/cluster-view.js';
import { logsKube } from '../../src/targets/kube/logs.js';
import { envLabels } from '../../src/targets/kube/objects.js';
import { KubeWaits } from '../../src/targets/kube/waits.js';
import { KIND_NODE_IMAGE } from '../lab/index.js';
import { imagePresent, tempCluster } from './temp-cluster.js';

const IMAGE = 'oh-env-lab/smoke-app:local';
const NS = 'waits';
const env = {
  metadata: { name: 'kindwaits' },
  services: { ok: {}, missing: {}, crashy: {} },
  jobs: {},
  backends: {},
} as unknown as Environment;

function deployment(name: string, container: Record<string, unknown>): KubeResource {
  const labels = { ...envLabels(env), 'app.kubernetes.io/name': name, 'dev.oh-env.kind': 'service' };
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace: NS, labels },
    spec: {
      replicas: 1,
      selector: { matchLabels: { 'app.kubernetes.io/name': name, 'app.kubernetes.io/part-of': 'kindwaits' } },
      template: {
        metadata: { labels },
        spec: {
          terminationGracePeriodSeconds: 1,
          containers: [{ name, image: IMAGE, imagePullPolicy: 'Never', ...container }],
        },
      },
    },
  };
}

test(
  'kind: ErrImageNeverPull and CrashLoopBackOff end the wait with their reason, events and log',
  { timeout: 600_000 },
  async (t) => {
    if (!(await imagePresent(KIND_NODE_IMAGE)) || !(await imagePresent(IMAGE))) {
      t.skip(`${KIND_NODE_IMAGE} or ${IMAGE} is not built: run \`npm run lab -- up --for kind\``);
      return;
    }
    const cluster = await tempCluster(t, 'oh-env-kind-waits');
    const load = await cluster.kind(['load', 'docker-image', IMAGE, '--name', cluster.name]);
    assert.equal(load.exitCode, 0, load.all);
    const kube = await connectKube({ kubeconfig: cluster.kubeconfig });
    await kube.apply([{ apiVersion: 'v1', kind: 'Namespace', metadata: { name: NS } }]);
    const view = await ClusterView.open(kube, NS, envLabels(env));
    t.after(() => view.close());
    const waits = new KubeWaits(view);
    const o = { timeoutMs: 240_000, signal: new AbortController().signal };
    await kube.apply([
      deployment('ok', { command: ['sh', '-c', 'echo hello from ok; touch /tmp/ready; exec sleep 3600'] }),
      deployment('missing', { image: 'oh-env-lab/does-not-exist:1' }),
      deployment('crashy', {
        command: ['sh', '-c', 'echo boom: the database is gone >&2; exit 3'],
        // As rendered services have: without a probe a container counts as Ready from its start, and a
        // Deployment whose pod was Ready for a moment has rolled out (`kubectl rollout status` agrees).
        readinessProbe: { exec: { command: ['test', '-f', '/tmp/ready'] }, periodSeconds: 1 },
      }),
    ]);
    const results = await Promise.allSettled([
      waits.ready('Deployment', 'ok', o),
      waits.ready('Deployment', 'missing', o),
      waits.ready('Deployment', 'crashy', o),
    ]);
    assert.equal(results[0].status, 'fulfilled', String((results[0] as PromiseRejectedResult).reason));
    const missing = (results[1] as PromiseRejectedResult).reason as Error & { code: string; details: string[] };
    assert.equal(missing.code, 'E_UNHEALTHY');
    assert.match(
      missing.message,
      /^"missing" cannot start: container missing of pod missing-\S+ is in ErrImageNeverPull$/,
    );
    assert.ok(
      missing.details.some((d) => /oh-env-lab\/does-not-exist:1.*not present/.test(d)),
      missing.details.join('\n'),
    );
    assert.ok(
      missing.details.some((d) => /^ {2}Warning ErrImageNeverPull/.test(d)),
      missing.details.join('\n'),
    );
    const crashy = (results[2] as PromiseRejectedResult).reason as Error & { code: string; details: string[] };
    assert.match(crashy.message, /is in CrashLoopBackOff$/);
    assert.ok(crashy.details.includes('last exit: code 3 (Error)'), crashy.details.join('\n'));
    assert.ok(crashy.details.includes('  │ boom: the database is gone'), crashy.details.join('\n'));

    const lines: LogLine[] = [];
    await logsKube(kube, env, NS, { service: 'ok', follow: false }, (l) => lines.push(l));
    assert.deepEqual(lines, [{ service: 'ok', stream: 'stdout', line: 'hello from ok' }]);
  },
);

// Pod states as the kubelet reports them (shapes copied from `kubectl get pod -o json` on kind 1.37), the
// reason a wait ends with, the pods of the current rollout, and the row the dashboard shows.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { currentPods, type Pod, type ReplicaSet, type Workload } from './objects.js';
import { eventLines, podPhrase, podProblem, unschedulableUntil } from './pod-problem.js';
import { statusOfWorkload } from './resource-status.js';

const NOW = Date.parse('2026-12-02T01:00:00Z');
const grace = { unschedulableGraceMs: 20_000 };

const pod = (name: string, status: Pod['status'], labels: Record<string, string> = {}): Pod => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: {
    name,
    namespace: 'ns',
    uid: `uid-${name}`,
    labels: { 'app.kubernetes.io/name': 'app', 'app.kubernetes.io/part-of': 'demo', ...labels },
  },
  spec: { containers: [{ name: 'app', image: 'oh-env-lab/demo-app:0.1.0' }] },
  status,
});

const waiting = (reason: string, message: string, extra: Record<string, unknown> = {}) => ({
  phase: 'Pending',
  containerStatuses: [
    {
      name: 'app',
      image: 'oh-env-lab/demo-app:0.1.0',
      ready: false,
      restartCount: 0,
      state: { waiting: { reason, message } },
      ...extra,
    },
  ],
});

test('image problems, crash loops and a missing Secret key end the wait with their reason and message', () => {
  const pull = podProblem(
    pod('app-1', waiting('ErrImageNeverPull', 'Container image "nope:1" is not present with pull policy of Never')),
    NOW,
    grace,
  );
  assert.deepEqual(pull, {
    pod: 'app-1',
    container: 'app',
    init: false,
    reason: 'ErrImageNeverPull',
    message: 'Container image "nope:1" is not present with pull policy of Never',
  });
  assert.equal(
    podProblem(pod('p', waiting('ImagePullBackOff', 'Back-off pulling image "nope:1"')), NOW, grace)?.reason,
    'ImagePullBackOff',
  );
  const crash = podProblem(
    pod(
      'app-2',
      waiting('CrashLoopBackOff', 'back-off 10s restarting failed container=app pod=app-2', {
        restartCount: 2,
        lastState: { terminated: { exitCode: 3, reason: 'Error', finishedAt: '2026-12-02T00:59:50Z' } },
      }),
    ),
    NOW,
    grace,
  );
  assert.deepEqual(crash?.lastExit, { exitCode: 3, reason: 'Error' });
  assert.equal(
    podProblem(pod('p', waiting('CreateContainerConfigError', 'secret "demo-secrets" not found')), NOW, grace)?.message,
    'secret "demo-secrets" not found',
  );
  // Normal waiting states are not problems.
  assert.equal(podProblem(pod('p', waiting('ContainerCreating', '')), NOW, grace), undefined);
  assert.equal(podProblem(pod('p', waiting('PodInitializing', '')), NOW, grace), undefined);
});

test('an init container that crash-loops is reported as the init container, before the main one', () => {
  const p = pod('app-3', {
    phase: 'Pending',
    initContainerStatuses: [
      {
        name: 'wait-postgres',
        restartCount: 4,
        state: { waiting: { reason: 'CrashLoopBackOff', message: 'back-off 40s' } },
      },
    ],
    containerStatuses: [{ name: 'app', restartCount: 0, state: { waiting: { reason: 'PodInitializing' } } }],
  });
  const problem = podProblem(p, NOW, grace);
  assert.deepEqual([problem?.container, problem?.init, problem?.reason], ['wait-postgres', true, 'CrashLoopBackOff']);
  assert.equal(podPhrase(p), 'Init:CrashLoopBackOff');
});

test('unschedulable: only after the grace period (a PVC binding or an autoscaler may still clear it)', () => {
  const unschedulable = (since: string) =>
    pod('app-4', {
      phase: 'Pending',
      conditions: [
        {
          type: 'PodScheduled',
          status: 'False',
          reason: 'Unschedulable',
          message: '0/2 nodes are available: 2 Insufficient cpu.',
          lastTransitionTime: since,
        },
      ],
    });
  const fresh = unschedulable('2026-12-02T00:59:50Z');
  assert.equal(podProblem(fresh, NOW, grace), undefined);
  assert.equal(unschedulableUntil(fresh, grace), Date.parse('2026-12-02T00:59:50Z') + 20_000);
  const old = podProblem(unschedulable('2026-12-02T00:59:30Z'), NOW, grace);
  assert.deepEqual([old?.reason, old?.message], ['Unschedulable', '0/2 nodes are available: 2 Insufficient cpu.']);
  assert.equal(unschedulableUntil(pod('x', { phase: 'Running' }), grace), undefined);
});

test('events: the last ones, oldest first, with their count', () => {
  const lines = eventLines([
    {
      type: 'Warning',
      reason: 'Failed',
      message: 'Error: ErrImageNeverPull',
      count: 3,
      lastTimestamp: '2026-12-02T00:59:59Z',
    },
    {
      type: 'Normal',
      reason: 'Scheduled',
      message: 'Successfully assigned ns/app-1 to kind-worker',
      eventTime: '2026-12-02T00:59:00.000000Z',
      lastTimestamp: null,
    },
  ]);
  assert.deepEqual(lines, [
    'Normal Scheduled: Successfully assigned ns/app-1 to kind-worker',
    'Warning Failed (x3): Error: ErrImageNeverPull',
  ]);
});

const deploymentUid = 'd-uid';
const app: Workload = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: {
    name: 'app',
    namespace: 'ns',
    uid: deploymentUid,
    generation: 2,
    labels: { 'app.kubernetes.io/name': 'app', 'dev.oh-env.kind': 'service' },
    annotations: { 'deployment.kubernetes.io/revision': '2' },
  },
  spec: {
    replicas: 1,
    selector: { matchLabels: { 'app.kubernetes.io/name': 'app', 'app.kubernetes.io/part-of': 'demo' } },
    template: {
      spec: {
        containers: [
          {
            name: 'app',
            image: 'oh-env-lab/demo-app:0.1.0',
            ports: [{ containerPort: 3000, protocol: 'TCP', name: 'http' }],
            env: [{ name: 'DB_HOST' }, { name: 'APP_SECRET' }],
            readinessProbe: { httpGet: { path: '/ready', port: 3000 } },
          } as never,
        ],
      },
    },
  },
  status: { observedGeneration: 2, replicas: 2, updatedReplicas: 1, readyReplicas: 1, availableReplicas: 1 },
};
const rs = (hash: string, revision: string): ReplicaSet => ({
  apiVersion: 'apps/v1',
  kind: 'ReplicaSet',
  metadata: {
    name: `app-${hash}`,
    namespace: 'ns',
    labels: { 'pod-template-hash': hash },
    annotations: { 'deployment.kubernetes.io/revision': revision },
    ownerReferences: [{ kind: 'Deployment', name: 'app', uid: deploymentUid }],
  },
});

test('the pods of the current rollout: an old crash-looping pod being replaced does not count', () => {
  const old = pod('app-old', waiting('CrashLoopBackOff', 'back-off'), { 'pod-template-hash': 'aaa' });
  const fresh = pod(
    'app-new',
    {
      phase: 'Running',
      startTime: '2026-12-02T00:59:00Z',
      containerStatuses: [{ name: 'app', ready: false, restartCount: 0, state: { running: {} } }],
    },
    { 'pod-template-hash': 'bbb' },
  );
  const sets = [rs('aaa', '1'), rs('bbb', '2')];
  assert.deepEqual(
    currentPods(app, [old, fresh], sets)?.map((p) => p.metadata.name),
    ['app-new'],
  );
  // Without the ReplicaSet of the current revision nothing is known yet.
  assert.equal(currentPods(app, [old, fresh], [rs('aaa', '1')]), undefined);
  const s = statusOfWorkload(app, [old, fresh], sets, NOW);
  assert.equal(s.state, 'starting', 'the old pod is no reason to call it unhealthy');
  assert.equal(s.reason, '1 old replicas pending termination');
  assert.deepEqual(s.ports, ['3000/tcp']);
  assert.deepEqual(s.envKeys, ['APP_SECRET', 'DB_HOST']);
  assert.equal(s.kind, 'service');
  assert.equal(s.health, 'starting');
  assert.equal(s.startedAt, Date.parse('2026-12-02T00:59:00Z'));
  // The new revision stuck: the row says why.
  const stuck = pod('app-new', waiting('ErrImageNeverPull', 'not present'), { 'pod-template-hash': 'bbb' });
  const bad = statusOfWorkload(app, [old, stuck], sets, NOW);
  assert.deepEqual([bad.state, bad.reason], ['unhealthy', 'ErrImageNeverPull: not present']);
});

// Rollout and Job verdicts on object shapes as the API server returns them (status fields copied from a
// kube-apiserver 1.37 answer), by the rules of `kubectl rollout status`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Workload } from './objects.js';
import { jobStateOf, rolloutOf } from './rollout.js';

const deployment = (generation: number, spec: Record<string, unknown>, status: Record<string, unknown>): Workload => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'app', namespace: 'ns', generation, annotations: { 'deployment.kubernetes.io/revision': '2' } },
  spec: { replicas: 2, ...spec },
  status,
});

test('Deployment: done only when observed, every replica updated, no old ones left, all available and ready', () => {
  const done = { observedGeneration: 2, replicas: 2, updatedReplicas: 2, readyReplicas: 2, availableReplicas: 2 };
  assert.deepEqual(rolloutOf(deployment(2, {}, done)), { kind: 'done', message: '2 of 2 replicas ready' });
  // The controller has not seen the new spec: the old status says nothing about it.
  assert.equal(rolloutOf(deployment(3, {}, done)).kind, 'progressing');
  assert.match(rolloutOf(deployment(3, {}, done)).message, /observed/);
  assert.deepEqual(rolloutOf(deployment(2, {}, { ...done, updatedReplicas: 1, replicas: 3 })), {
    kind: 'progressing',
    message: '1 of 2 new replicas updated',
  });
  assert.deepEqual(rolloutOf(deployment(2, {}, { ...done, replicas: 3 })), {
    kind: 'progressing',
    message: '1 old replicas pending termination',
  });
  assert.deepEqual(rolloutOf(deployment(2, {}, { ...done, availableReplicas: 1, readyReplicas: 1 })), {
    kind: 'progressing',
    message: '1 of 2 updated replicas available',
  });
  assert.equal(rolloutOf(deployment(2, {}, { ...done, readyReplicas: 1 })).kind, 'progressing');
  // A fresh Deployment before its controller ran: no status at all.
  assert.equal(rolloutOf(deployment(1, {}, {})).kind, 'progressing');
  assert.equal(rolloutOf(deployment(1, { replicas: 0 }, { observedGeneration: 1 })).kind, 'done');
});

test('Deployment: ProgressDeadlineExceeded is a failure, not more waiting', () => {
  const r = rolloutOf(
    deployment(
      2,
      {},
      {
        observedGeneration: 2,
        replicas: 2,
        updatedReplicas: 1,
        conditions: [
          {
            type: 'Progressing',
            status: 'False',
            reason: 'ProgressDeadlineExceeded',
            message: 'ReplicaSet "app-5d8f" has timed out progressing.',
          },
        ],
      },
    ),
  );
  assert.deepEqual(r, {
    kind: 'failed',
    reason: 'ProgressDeadlineExceeded',
    message: 'ReplicaSet "app-5d8f" has timed out progressing.',
  });
});

const sts = (spec: Record<string, unknown>, status: Record<string, unknown>): Workload => ({
  apiVersion: 'apps/v1',
  kind: 'StatefulSet',
  metadata: { name: 'postgres', namespace: 'ns', generation: 1 },
  spec: { replicas: 1, updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 0 } }, ...spec },
  status,
});

test('StatefulSet: ready replicas, then every pod at the update revision; OnDelete is not followed', () => {
  const at = { observedGeneration: 1, replicas: 1, readyReplicas: 1, updatedReplicas: 1 };
  assert.equal(rolloutOf(sts({}, { ...at, currentRevision: 'pg-7c9', updateRevision: 'pg-7c9' })).kind, 'done');
  assert.deepEqual(rolloutOf(sts({}, { ...at, readyReplicas: 0, currentRevision: 'a', updateRevision: 'a' })), {
    kind: 'progressing',
    message: '0 of 1 pods ready',
  });
  assert.deepEqual(rolloutOf(sts({}, { ...at, currentRevision: 'pg-1', updateRevision: 'pg-2', updatedReplicas: 0 })), {
    kind: 'progressing',
    message: '0 of 1 pods at revision pg-2',
  });
  assert.equal(rolloutOf(sts({}, { observedGeneration: 0 })).kind, 'progressing');
  assert.equal(rolloutOf(sts({ updateStrategy: { type: 'OnDelete' } }, {})).kind, 'done');
  const partitioned = sts(
    { replicas: 3, updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 2 } } },
    {
      observedGeneration: 1,
      replicas: 3,
      readyReplicas: 3,
      updatedReplicas: 1,
      currentRevision: 'a',
      updateRevision: 'b',
    },
  );
  assert.equal(rolloutOf(partitioned).kind, 'done');
});

const job = (status: Record<string, unknown>): Workload => ({
  apiVersion: 'batch/v1',
  kind: 'Job',
  metadata: { name: 'migrate', namespace: 'ns', generation: 1 },
  spec: {},
  status,
});

test('Job: Complete, Failed (or FailureTarget, the verdict before the pods are gone), else running', () => {
  const complete = job({
    succeeded: 1,
    conditions: [
      { type: 'SuccessCriteriaMet', status: 'True', reason: 'CompletionsReached' },
      {
        type: 'Complete',
        status: 'True',
        reason: 'CompletionsReached',
        message: 'Reached expected number of succeeded pods',
      },
    ],
  });
  assert.deepEqual(jobStateOf(complete), { kind: 'complete', message: '1 succeeded' });
  const failed = job({
    failed: 1,
    conditions: [
      {
        type: 'FailureTarget',
        status: 'True',
        reason: 'BackoffLimitExceeded',
        message: 'Job has reached the specified backoff limit',
      },
    ],
  });
  assert.deepEqual(jobStateOf(failed), {
    kind: 'failed',
    reason: 'BackoffLimitExceeded',
    message: 'Job has reached the specified backoff limit',
  });
  assert.deepEqual(jobStateOf(job({ active: 1 })), { kind: 'running', message: '1 running' });
  assert.deepEqual(jobStateOf(job({ active: 1, failed: 1 })), { kind: 'running', message: '1 running, 1 failed' });
  assert.deepEqual(jobStateOf(job({})), { kind: 'running', message: 'waiting for its pod' });
  // A condition that is there but False decides nothing.
  assert.equal(jobStateOf(job({ conditions: [{ type: 'Failed', status: 'False' }] })).kind, 'running');
});

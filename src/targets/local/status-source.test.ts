import { test } from 'node:test';
import assert from 'node:assert/strict';
import { statusOf, type InspectDoc } from './status-source.js';

const doc = (state: Partial<InspectDoc['State']>, labels: Record<string, string> = {}): InspectDoc => ({
  Id: 'abc',
  Name: '/demo-app-1',
  RestartCount: 2,
  State: { Status: 'running', StartedAt: '2026-11-28T16:00:00.5Z', ...state },
  Config: {
    Image: 'oh-env-lab/demo-app:0.1.0',
    Labels: { 'com.docker.compose.service': 'app', ...labels },
    Env: ['PATH=/usr/bin', 'DB_PASS=hunter2', 'A='],
  },
  NetworkSettings: {
    Ports: {
      '3000/tcp': [
        { HostIp: '127.0.0.1', HostPort: '3000' },
        { HostIp: '127.0.0.1', HostPort: '3000' },
      ],
      '9000/tcp': null,
    },
  },
});

test('a running container with a health check: its health is the state; env keys only, never values', () => {
  const s = statusOf(
    doc({
      Health: {
        Status: 'healthy',
        Log: [
          { ExitCode: 0, Output: 'ok\n' },
          { ExitCode: 0, Output: ' ready \n' },
        ],
      },
    }),
  );
  assert.equal(s.resource, 'app');
  assert.equal(s.kind, 'service');
  assert.equal(s.state, 'healthy');
  assert.equal(s.healthOutput, 'ready');
  assert.deepEqual(s.envKeys, ['A', 'DB_PASS', 'PATH']);
  assert.equal(JSON.stringify(s).includes('hunter2'), false);
  assert.deepEqual(s.ports, ['127.0.0.1:3000->3000/tcp']);
  assert.equal(s.restarts, 2);
  assert.equal(s.startedAt, Date.parse('2026-11-28T16:00:00.5Z'));
  assert.equal(statusOf(doc({ Health: { Status: 'starting' } })).state, 'starting');
  assert.equal(statusOf(doc({ Health: { Status: 'unhealthy' } })).state, 'unhealthy');
  assert.equal(statusOf(doc({})).state, 'running');
});

test('exits: a job that completed, an OOM kill, a failure with its code; created and restarting', () => {
  const job = statusOf(doc({ Status: 'exited', ExitCode: 0 }, { 'dev.oh-env.kind': 'job' }));
  assert.deepEqual([job.kind, job.state, job.exitCode, job.reason], ['job', 'exited', 0, 'completed']);
  const oom = statusOf(doc({ Status: 'exited', ExitCode: 137, OOMKilled: true }));
  assert.deepEqual([oom.state, oom.exitCode, oom.reason], ['exited', 137, 'OOMKilled']);
  const failed = statusOf(doc({ Status: 'exited', ExitCode: 3 }, { 'dev.oh-env.kind': 'backend' }));
  assert.deepEqual([failed.kind, failed.reason], ['backend', 'exited with code 3']);
  assert.equal(statusOf(doc({ Status: 'created' })).state, 'pending');
  assert.equal(statusOf(doc({ Status: 'restarting' })).state, 'starting');
  assert.equal(statusOf(doc({ Status: 'exited', ExitCode: 1 })).startedAt, undefined);
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Probe, Service } from '../../model/schema.js';
import { probesOf, startupFailureThreshold } from './probes.js';

const probe = (p: Partial<Probe>): Probe => ({
  http: { path: '/health', port: 'http' },
  interval: '10s',
  timeout: '5s',
  retries: 3,
  startPeriod: '0s',
  ...p,
});

test('startup probe covers the start period, then the probe retries as on local', () => {
  for (const [startPeriod, interval, retries] of [
    ['60s', '10s', 3],
    ['65s', '10s', 3],
    ['2m', '7s', 1],
    ['1500ms', '500ms', 2],
  ] as const) {
    const p = probe({ startPeriod, interval, retries });
    const threshold = startupFailureThreshold(p);
    const period = Math.max(1, Math.ceil(Number.parseInt(interval, 10) / (interval.endsWith('ms') ? 1000 : 1)));
    const startSeconds = startPeriod.endsWith('ms')
      ? Number.parseInt(startPeriod, 10) / 1000
      : startPeriod.endsWith('m')
        ? Number.parseInt(startPeriod, 10) * 60
        : Number.parseInt(startPeriod, 10);
    assert.ok((threshold - retries) * period >= startSeconds, `${startPeriod}/${interval}: ${threshold}`);
    assert.ok((threshold - retries - 1) * period < startSeconds, `${startPeriod}/${interval}: not more than needed`);
  }
  assert.equal(startupFailureThreshold(probe({ startPeriod: '60s', interval: '10s', retries: 3 })), 9);
  assert.equal(startupFailureThreshold(probe({ startPeriod: '0s' })), 0);
});

const service = (health: Service['health']): Service =>
  ({ ports: [{ name: 'http', port: 3000, protocol: 'tcp' }], health }) as unknown as Service;

test('probes keep interval, timeout and retries; the startup probe repeats the liveness check', () => {
  const out = probesOf(
    service({
      probeTool: 'curl',
      liveness: probe({ startPeriod: '30s' }),
      readiness: probe({ http: { path: '/ready', port: 3000 }, interval: '5s', startPeriod: '90s' }),
    }),
  );
  assert.deepEqual(out.readinessProbe, {
    httpGet: { path: '/ready', port: 3000, scheme: 'HTTP' },
    periodSeconds: 5,
    timeoutSeconds: 5,
    failureThreshold: 3,
    successThreshold: 1,
  });
  const startup = out.startupProbe as Record<string, unknown>;
  assert.deepEqual(startup.httpGet, { path: '/health', port: 3000, scheme: 'HTTP' }, 'named port resolved');
  // The longest start period (readiness: 90s) is covered with the liveness period (10s): 9 + 3 retries.
  assert.equal(startup.failureThreshold, 12);
});

test('no startup probe without a start period, and none for readiness alone (it never restarts a pod)', () => {
  assert.equal(probesOf(service({ probeTool: 'curl', liveness: probe({}) })).startupProbe, undefined);
  const r = probesOf(service({ probeTool: 'curl', readiness: probe({ startPeriod: '60s' }) }));
  assert.equal(r.startupProbe, undefined);
  assert.ok(r.readinessProbe);
});

test('exec and tcp checks', () => {
  const out = probesOf(
    service({
      probeTool: 'none',
      liveness: probe({ http: undefined, exec: ['true'] }),
      readiness: probe({ http: undefined, tcp: 'http' }),
    }),
  );
  assert.deepEqual((out.livenessProbe as Record<string, unknown>).exec, { command: ['true'] });
  assert.deepEqual((out.readinessProbe as Record<string, unknown>).tcpSocket, { port: 3000 });
});

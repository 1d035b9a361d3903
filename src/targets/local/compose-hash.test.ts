import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ComposeService } from '../../render/local/compose-project.js';
import { goDuration } from './go-duration.js';
import { networkConfigHash, normalisedService, serviceConfigHash, volumeConfigHash } from './compose-hash.js';

test("durations print as Go's time.Duration does", () => {
  assert.equal(goDuration(0), '0s');
  assert.equal(goDuration(500), '500ms');
  assert.equal(goDuration(2000), '2s');
  assert.equal(goDuration(60_000), '1m0s');
  assert.equal(goDuration(90_000), '1m30s');
  assert.equal(goDuration(3_600_000), '1h0m0s');
  assert.equal(goDuration(1500), '1.5s');
});

const base: ComposeService = {
  name: 'a',
  kind: 'service',
  image: 'oh-env-probe/busybox:local',
  command: ['sleep', '3600'],
  environment: {},
  dependsOn: {},
  healthcheck: { test: ['CMD', 'sh', '-c', 'true'], interval: '1s', timeout: '2s', retries: 3, start_period: '5s' },
  ports: [{ hostIp: '127.0.0.1', published: 18080, target: 80, protocol: 'tcp' }],
  labels: { 'dev.oh-env.env': 'probe' },
  limits: { cpus: 0.5, memoryBytes: 64 * 1024 * 1024 },
  reservations: { cpus: 0.25, memoryBytes: 32 * 1024 * 1024 },
  restart: 'unless-stopped',
  mounts: [{ type: 'volume', source: 'a-data', target: '/data', readOnly: false }],
  extraHosts: [],
};

test('the config hash equals what Docker Compose 5.5 computed for the same service', () => {
  // Recorded from `docker compose config --hash a` of the equivalent Compose file (e2e/local re-checks
  // every fixture against the real binary).
  assert.equal(
    serviceConfigHash(base, { X: '1' }, '/any/dir'), // no bind mount: the directory does not count
    'cbf20ce19a0e7d0692ccf52a0b5464eedfec302144ba5739151c0932f1ef14d2',
  );
  assert.equal(networkConfigHash('ohprobe'), '149573af9f4210767830e47bd3e0727814f7cec753eaf43d8ade7f9ae2e3b273');
  assert.equal(
    volumeConfigHash('ohprobe', 'a-data'),
    '99f2e113d52b02cfdee9ee9b4b86abfae98d5593dcc246aa4c6b6d0fd284c65a',
  );
});

test('any change of env, image or ports changes the hash; key order does not', () => {
  const h = serviceConfigHash(base, { X: '1', Y: '2' }, '/w');
  assert.equal(serviceConfigHash(base, { Y: '2', X: '1' }, '/w'), h);
  assert.notEqual(serviceConfigHash(base, { X: '1', Y: '3' }, '/w'), h);
  assert.notEqual(serviceConfigHash({ ...base, image: 'other:1' }, { X: '1', Y: '2' }, '/w'), h);
});

test('relative bind sources resolve against the project directory; host gateway uses "="', () => {
  const s: ComposeService = {
    ...base,
    mounts: [{ type: 'bind', source: './workspace', target: '/w', readOnly: true }],
    extraHosts: ['host.docker.internal:host-gateway'],
  };
  const n = normalisedService(s, {}, '/repo');
  assert.deepEqual(n.volumes, [{ type: 'bind', source: '/repo/workspace', target: '/w', read_only: true }]);
  assert.deepEqual(n.extra_hosts, ['host.docker.internal=host-gateway']);
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ContainerSummary } from '../../drivers/docker/containers.js';
import type { ComposeService } from '../../render/local/compose-project.js';
import { L } from './compose-labels.js';
import { changes, planProject, type Desired } from './plan.js';

const svc = (name: string, kind: ComposeService['kind'] = 'service'): ComposeService => ({
  name,
  kind,
  image: 'x:1',
  environment: {},
  dependsOn: {},
  ports: [],
  labels: {},
  limits: {},
  reservations: {},
  restart: kind === 'job' ? 'no' : 'unless-stopped',
  mounts: [],
  extraHosts: [],
});
const want = (name: string, hash = 'h1', kind: ComposeService['kind'] = 'service'): Desired => ({
  service: svc(name, kind),
  configHash: hash,
  imageId: 'sha256:img',
});
const container = (
  service: string,
  over: Partial<ContainerSummary> & { hash?: string; number?: string } = {},
): ContainerSummary => ({
  id: `id-${service}-${over.number ?? '1'}`,
  name: `p-${service}-${over.number ?? '1'}`,
  image: 'x:1',
  labels: {
    [L.service]: service,
    [L.configHash]: over.hash ?? 'h1',
    [L.image]: 'sha256:img',
    [L.containerNumber]: over.number ?? '1',
    [L.oneoff]: 'False',
  },
  state: 'running',
  status: 'Up',
  ports: [],
  created: 0,
  ...over,
});

test('nothing changed: every container kept, no orphans', () => {
  const p = planProject([want('a'), want('b')], [container('a'), container('b')]);
  assert.deepEqual(
    p.services.map((s) => s.action),
    ['keep', 'keep'],
  );
  assert.equal(changes(p), 0);
});

test('a changed config hash recreates only that service', () => {
  const p = planProject([want('a', 'new'), want('b')], [container('a'), container('b')]);
  assert.deepEqual(
    p.services.map((s) => [s.name, s.action, s.reason]),
    [
      ['a', 'recreate', 'configuration changed'],
      ['b', 'keep', undefined],
    ],
  );
});

test('a rebuilt image recreates; a missing container is created; a stopped one started', () => {
  const p = planProject(
    [want('a'), want('b'), want('c')],
    [
      container('a', { labels: { ...container('a').labels, [L.image]: 'sha256:old' } }),
      container('c', { state: 'exited', exitCode: 137 }),
    ],
  );
  assert.deepEqual(
    p.services.map((s) => s.action),
    ['recreate', 'create', 'start'],
  );
  assert.equal(p.services[0]!.reason, 'image changed');
});

test('a job that succeeded is kept; one that failed runs again', () => {
  const ok = planProject([want('m', 'h1', 'job')], [container('m', { state: 'exited', exitCode: 0 })]);
  assert.equal(ok.services[0]!.action, 'keep');
  const failed = planProject([want('m', 'h1', 'job')], [container('m', { state: 'exited', exitCode: 1 })]);
  assert.equal(failed.services[0]!.action, 'start');
});

test('containers of services no longer in the model and extra replicas are orphans', () => {
  const p = planProject([want('a')], [container('a'), container('a', { number: '2' }), container('gone')]);
  assert.deepEqual(p.orphans.map((o) => o.name).sort(), ['p-a-2', 'p-gone-1']);
  assert.equal(p.services[0]!.existing?.name, 'p-a-1');
  assert.equal(changes(p), 2);
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadModel } from './load.js';
import type { FileReader } from './file-reader.js';
import { OhEnvError } from '../errors.js';

/** An in-memory file system, so loader tests need no disk. */
const memory = (files: Record<string, string>): FileReader => ({
  exists: (p) => p in files,
  read: (p) => {
    const f = files[p];
    if (f === undefined) throw new Error(`no ${p}`);
    return f;
  },
});

const base = `apiVersion: oh-env.dev/v1alpha1
kind: Environment
metadata: { name: demo }
services:
  app:
    image: app:1.0.0
    env: { A: '1', B: '2' }
    ports: [{ name: http, port: 3000, publish: 3000 }]
`;

test('discovers oh-env.yaml in the working directory and merges the target overlay', () => {
  const fs = memory({
    '/w/oh-env.yaml': base,
    '/w/envs/kind/overlay.yaml': "services:\n  app:\n    env: { B: null, C: '3' }\n    replicas: 2\n",
  });
  const m = loadModel({ cwd: '/w', target: 'kind' }, fs);
  assert.deepEqual(m.env.services.app?.env, { A: '1', C: '3' });
  assert.equal(m.env.services.app?.replicas, 2);
  assert.deepEqual(m.sources, ['/w/oh-env.yaml', '/w/envs/kind/overlay.yaml']);
  // Without a target no overlay is merged.
  assert.deepEqual(loadModel({ cwd: '/w' }, fs).env.services.app?.env, { A: '1', B: '2' });
});

test('extends merges the base first; lists are replaced, not concatenated', () => {
  const fs = memory({
    '/w/base.yaml': base,
    '/w/child/oh-env.yaml': 'extends: ../base.yaml\nservices:\n  app:\n    ports: [{ name: web, port: 8080 }]\n',
  });
  const m = loadModel({ cwd: '/w', file: 'child/oh-env.yaml' }, fs);
  assert.deepEqual(
    m.env.services.app?.ports.map((p) => p.name),
    ['web'],
  );
  assert.equal(m.env.metadata.name, 'demo');
});

test('an extends cycle is an error, not a hang', () => {
  const fs = memory({ '/w/a.yaml': 'extends: b.yaml\n', '/w/b.yaml': 'extends: a.yaml\n' });
  assert.throws(() => loadModel({ cwd: '/w', file: 'a.yaml' }, fs), /extends loops back/);
});

test('no model file gives E_MODEL_NOT_FOUND with a hint', () => {
  assert.throws(
    () => loadModel({ cwd: '/empty' }, memory({})),
    (e: unknown) => e instanceof OhEnvError && e.code === 'E_MODEL_NOT_FOUND' && /-f FILE/.test(e.hint ?? ''),
  );
});

test('schema and semantic problems are reported together', () => {
  const fs = memory({
    '/w/oh-env.yaml': `${base}    replicas: many\n  web:\n    image: web:1.0.0\n    ports: [{ name: http, port: 80, publish: 3000 }]\n`,
  });
  try {
    loadModel({ cwd: '/w' }, fs);
    assert.fail('should throw');
  } catch (e) {
    assert.ok(e instanceof OhEnvError);
    const paths = e.issues.map((i) => i.path);
    assert.deepEqual(paths, ['services.app.replicas', 'services.web.ports[0].publish']);
  }
});

test('warnings do not fail validation', () => {
  const fs = memory({
    '/w/oh-env.yaml': `${base}    health:\n      probeTool: none\n      readiness: { http: { path: /ready, port: http } }\n`,
  });
  const m = loadModel({ cwd: '/w' }, fs);
  assert.equal(m.warnings.length, 1);
  assert.match(m.warnings[0]!.message, /cannot check it/);
});

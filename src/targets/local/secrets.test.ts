import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EnvironmentSchema } from '../../model/schema.js';
import { composeProject } from '../../render/local/compose-project.js';
import { ensureSecrets, secretsPathFor } from './secrets.js';

test('local sees the secret source keyed by the Compose variables, in the one store', () => {
  const dir = mkdtempSync(join(tmpdir(), 'oh-env-local-secrets-'));
  try {
    const env = { XDG_CONFIG_HOME: dir, HOME: dir, OH_SECRET_API_KEY: 'given' };
    const project = composeProject(
      EnvironmentSchema.parse({
        apiVersion: 'oh-env.dev/v1alpha1',
        kind: 'Environment',
        metadata: { name: 'sec' },
        secrets: { 'api-key': {}, 'jwt-secret': { generate: { length: 16 } } },
      }),
    );
    const s = ensureSecrets(project, env);
    assert.equal(s.path, secretsPathFor('sec', env));
    assert.deepEqual([...s.values.keys()], ['OH_SECRET_API_KEY', 'OH_SECRET_JWT_SECRET']);
    assert.equal(s.values.get('OH_SECRET_API_KEY'), 'given');
    assert.deepEqual(s.generated, ['jwt-secret']);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

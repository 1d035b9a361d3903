import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EnvironmentSchema } from '../../model/schema.js';
import type { ResolvedValue } from './resolve.js';
import { secretManagerVersions, versionData } from './secret-manager.js';

const env = EnvironmentSchema.parse({
  apiVersion: 'oh-env.dev/v1alpha1',
  kind: 'Environment',
  metadata: { name: 'prod' },
  secrets: { 'jwt-secret': { generate: {} }, 'api-key': {}, optional: { required: false } },
});

test('one version per secret with a value, named as Secret Manager names it, holding no value', () => {
  const values = new Map<string, ResolvedValue>([
    ['jwt-secret', { value: 'generated-value', origin: 'generated' }],
    ['api-key', { value: 'sk-from-env', origin: 'env' }],
  ]);
  const versions = secretManagerVersions(env, values);
  assert.deepEqual(versions, [
    { secret: 'prod-api-key', modelSecret: 'api-key', origin: 'env' },
    { secret: 'prod-jwt-secret', modelSecret: 'jwt-secret', origin: 'generated' },
  ]);
  const shown = JSON.stringify(versions);
  for (const v of values.values()) assert.ok(!shown.includes(v.value));
  // The bytes for stdin: exactly the value, no newline added.
  assert.equal(Buffer.from(versionData(versions[0]!, values)).toString('utf8'), 'sk-from-env');
  assert.throws(() => versionData(versions[0]!, new Map()), /no value for secret "api-key"/);
});

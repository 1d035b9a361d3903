import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dnsName, envVarName } from './names.js';

test('short names pass through, lower-cased and cleaned', () => {
  assert.equal(dnsName('openhands', 'app'), 'openhands-app');
  assert.equal(dnsName('My_Env', 'DB'), 'my-env-db');
  assert.equal(dnsName('1st'), 'x-1st');
});

test('long names are cut from the front to 63 chars and stay unique and stable', () => {
  const a = dnsName('a'.repeat(50), 'service-number-one');
  const b = dnsName('a'.repeat(50), 'service-number-two');
  assert.ok(a.length <= 63 && b.length <= 63);
  assert.notEqual(a, b);
  assert.equal(a, dnsName('a'.repeat(50), 'service-number-one'));
  assert.match(a, /^[a-z]([-a-z0-9]*[a-z0-9])?$/);
  assert.match(a, /service-number-one-[0-9a-f]{8}$/);
});

test('env var names from secret names', () => {
  assert.equal(envVarName('jwt-secret'), 'JWT_SECRET');
});

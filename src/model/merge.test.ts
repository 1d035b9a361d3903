import { test } from 'node:test';
import assert from 'node:assert/strict';
import { deepMerge } from './merge.js';

test('objects merge by key, arrays and scalars are replaced, null deletes', () => {
  assert.deepEqual(deepMerge({ a: { x: 1, y: [1, 2] }, b: 1, c: 3 }, { a: { y: [3], z: 2 }, b: null, d: 4 }), {
    a: { x: 1, y: [3], z: 2 },
    c: 3,
    d: 4,
  });
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { generateSecretValue, SECRET_ALPHABET } from './generate.js';

test('generated values have the asked length, only letters and digits, and differ', () => {
  for (const length of [1, 16, 48, 256]) {
    const v = generateSecretValue(length);
    assert.equal(v.length, length);
    assert.match(v, /^[A-Za-z0-9]+$/);
  }
  assert.notEqual(generateSecretValue(48), generateSecretValue(48));
});

test('bytes that would bias the draw are drawn again, not folded into the alphabet', () => {
  // 248..255 would map to A..H with `% 62`: they must be skipped. 0 → A, 61 → 9, 62 → A again.
  const batches = [Uint8Array.from([248, 255, 0, 61]), Uint8Array.from([62, 250, 1, 1])];
  const random = (n: number): Uint8Array => batches.shift() ?? new Uint8Array(n);
  assert.equal(generateSecretValue(4, random), 'A9AB');
  assert.equal(SECRET_ALPHABET.length, 62);
});

test('every character of the alphabet is about equally likely', () => {
  const counts = new Map<string, number>();
  const sample = generateSecretValue(62 * 2000);
  for (const c of sample) counts.set(c, (counts.get(c) ?? 0) + 1);
  assert.equal(counts.size, 62);
  // 2000 expected per character (σ ≈ 44); `byte % 62` would give A..H about 2420 each.
  for (const [c, n] of counts) assert.ok(n > 1750 && n < 2250, `${c}: ${n}`);
});

test('a length that is not a positive integer is a bug, not an empty secret', () => {
  assert.throws(() => generateSecretValue(0), RangeError);
  assert.throws(() => generateSecretValue(1.5), RangeError);
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ResourceView } from './reducer.js';
import { columnsFor, fit, MARKER, scrollOffset } from './table.js';

const row = (name: string): ResourceView => ({
  name,
  kind: 'service',
  state: 'healthy',
  ports: ['127.0.0.1:3000->3000/tcp'],
  restarts: 0,
  logs: [],
  envKeys: [],
  updatedAt: 0,
  image: 'oh-env-lab/demo-app:0.1.0',
});

test('columns never overflow the width, from 60 to 240 columns, and the essential ones are always there', () => {
  const rows = [row('app'), row('x'.repeat(80))];
  for (let w = 60; w <= 240; w += 7) {
    const cols = columnsFor(w, rows, 0);
    const total = MARKER + cols.reduce((n, c) => n + c.width, 0) + cols.length - 1;
    assert.ok(total <= w, `${total} > ${w}`);
    for (const k of ['name', 'state', 'ports', 'cpu', 'mem'])
      assert.ok(
        cols.some((c) => c.key === k),
        `${k} at ${w}`,
      );
  }
  assert.equal(columnsFor(240, rows, 0).length, 10);
});

test('the name column grows to its content and no further', () => {
  const name = columnsFor(200, [row('short')], 0).find((c) => c.key === 'name')!;
  assert.equal(name.width, 12);
  const long = columnsFor(200, [row('a'.repeat(30))], 0).find((c) => c.key === 'name')!;
  assert.equal(long.width, 30);
});

test('fit pads and cuts to the exact width', () => {
  assert.equal(fit('abc', 5), 'abc  ');
  assert.equal(fit('abc', 5, 'right'), '  abc');
  assert.equal(fit('abcdef', 4), 'abc…');
  assert.equal(fit('●ok', 3), '●ok');
});

test('scrollOffset keeps the selection visible and moves the window as little as possible', () => {
  assert.equal(scrollOffset(0, 0, 10, 5), 0);
  assert.equal(scrollOffset(12, 0, 10, 50), 3);
  assert.equal(scrollOffset(5, 3, 10, 50), 3);
  assert.equal(scrollOffset(2, 3, 10, 50), 2);
  assert.equal(scrollOffset(49, 45, 10, 50), 40);
});

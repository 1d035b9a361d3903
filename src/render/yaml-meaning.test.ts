// Rendered YAML must mean the same to every reader: Kubernetes (go-yaml, YAML 1.1), Docker Compose and our
// own loader (YAML 1.2 core). Seeded random data, biased towards the tokens one of the two versions reads as
// a bool, number, null, timestamp or merge key, goes through the renderers' emitter and is read back by a
// YAML 1.1 and a 1.2 parser: both must return exactly the data written.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parse } from 'yaml';
import { CORE_SCHEMA, load } from 'js-yaml';
import { toYaml, toYamlStream } from './yaml.js';

/** Each of these is read as something other than the string by a YAML 1.1 or a 1.2 parser. */
const SPECIAL = [
  ...['on', 'On', 'ON', 'off', 'Off', 'OFF', 'yes', 'Yes', 'YES', 'no', 'No', 'NO', 'y', 'Y', 'n', 'N'],
  ...['true', 'True', 'TRUE', 'false', 'False', 'FALSE', 'null', 'Null', 'NULL', '~', ''],
  ...['12:30', '1:20', '190:20:30.15', '-1:00', '0o17', '017', '0x1F', '0b101', '+0b1', '1_000', '0_7'],
  ...['685_230.15', '1e3', '6.8523015e+5', '.5', '1.', '-.5', '+1', '-0', '.inf', '-.Inf', '.NaN', '.nan'],
  ...['2026-01-01', '2001-12-14t21:59:43.10-05:00', '2001-12-14 21:59:43.10 -5', '2002-12-14', '<<', '='],
];
/** Pieces that build more of them (and ordinary strings) when concatenated. */
const PIECES = ['0', '1', '9', '_', ':', '.', '-', '+', 'e', 'x', 'o', 'b', ' ', 'T', 'Z', 'a', '#', '"', "'", '5'];

function generator(seed: number) {
  let s = seed;
  const rnd = (n: number): number => {
    s = (s * 1103515245 + 12345) % 2 ** 31;
    return s % n;
  };
  const str = (): string => {
    const k = rnd(4);
    if (k < 2) return SPECIAL[rnd(SPECIAL.length)]!;
    if (k === 2) return Array.from({ length: 1 + rnd(6) }, () => PIECES[rnd(PIECES.length)]).join('');
    return `${SPECIAL[rnd(SPECIAL.length)]}${PIECES[rnd(PIECES.length)]}${SPECIAL[rnd(SPECIAL.length)]}`;
  };
  const value = (depth: number): unknown => {
    const k = rnd(depth > 2 ? 2 : 5);
    if (k <= 1) return str();
    if (k === 2) return Array.from({ length: rnd(4) }, () => value(depth + 1));
    return object(depth + 1);
  };
  const object = (depth: number): Record<string, unknown> =>
    Object.fromEntries(Array.from({ length: 1 + rnd(4) }, () => [str(), value(depth)]));
  return { str, object };
}

const read11 = (text: string): unknown => parse(text, { version: '1.1' });
const read12 = (text: string): unknown => parse(text, { version: '1.2' });
const readJsYaml = (text: string): unknown => load(text, { schema: CORE_SCHEMA });

test('every special token, as a key and as a value, reads back as the same string in YAML 1.1 and 1.2', () => {
  for (const s of SPECIAL) {
    const data = { [s]: s, list: [s], nested: { data: { KEY: s } } };
    const text = toYaml(data);
    assert.deepEqual(read11(text), data, `YAML 1.1 misreads ${JSON.stringify(s)}:\n${text}`);
    assert.deepEqual(read12(text), data, `YAML 1.2 misreads ${JSON.stringify(s)}:\n${text}`);
    assert.deepEqual(readJsYaml(text), data, `js-yaml misreads ${JSON.stringify(s)}:\n${text}`);
  }
});

test('seeded random objects keep their meaning for YAML 1.1 and 1.2 readers', () => {
  for (const seed of [1, 7, 42, 2026]) {
    const g = generator(seed);
    for (let i = 0; i < 400; i++) {
      const data = g.object(0);
      const text = toYaml(data);
      const what = `seed ${seed} case ${i}:\n${text}`;
      assert.deepEqual(read11(text), data, what);
      assert.deepEqual(read12(text), data, what);
    }
  }
});

test('a ConfigMap stream with those values reads back unchanged (what the apiserver decodes)', () => {
  const data = Object.fromEntries(SPECIAL.map((s, i) => [`V${i}`, s]));
  const objects = [{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'env' }, data }];
  const docs = toYamlStream(objects)
    .split(/^---\n/m)
    .map((d) => read11(d));
  assert.deepEqual(docs, objects);
});

test('what go-yaml v2 (the apiserver, kubectl) reads as an integer is quoted too', () => {
  // It removes every `_` and parses with Go's base prefixes: these are strings to the 1.1 schema, not to it.
  for (const s of ['0_b1', '0_x1F', '0_o17', '1__0', '-0_b1']) assert.equal(toYaml({ v: s }), `v: "${s}"\n`, s);
});

test('ordinary strings stay plain (quoting is only added where a reader would misread)', () => {
  assert.equal(
    toYaml({ a: 'openhands', b: 'http://x:8080/a', c: 'yesterday', d: 'nope', e: 'v1.2.3' }),
    ['a: openhands', 'b: http://x:8080/a', 'c: yesterday', 'd: nope', 'e: v1.2.3', ''].join('\n'),
  );
});

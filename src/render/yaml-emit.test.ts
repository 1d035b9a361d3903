import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parse, parseAllDocuments, stringify } from 'yaml';
import { emitYaml, libraryYaml, misreadIn11, YAML_OPTIONS } from './yaml-emit.js';
import { canonical } from './yaml.js';

const root = new URL('../../', import.meta.url).pathname;
const same = (v: unknown, what: string) => assert.equal(emitYaml(v), libraryYaml(v), what);

test('byte-identical to the yaml library on awkward shapes and strings', () => {
  const cases: unknown[] = [
    { a: [[1, 2], [], [{}], [[['x']]], [[1, [2, 3]], { q: [[4]] }]], b: null, c: { 'key: x': 1, true: 'false' } },
    { s: 'a\n\nb', t: ' lead\nx', u: 'trail \nx', v: 'a\nb\n\n', w: '\tq', x: '#c', y: 'multi\n  indented\n' },
    ['a\nb', { k: 'a\nb' }, ['x\ny', ['p\nq']]],
    { list: [{ a: 1, b: [{ c: 'd\ne' }] }, 'x', 2, true, null, 1.5, -3, 'null', '0x1f', '1e3', 'yes', '~', ''] },
    { '': 1, 'a b': 2, '-x': 3, '?y': 4, '*z': 5, '&q': 6, '!t': 7, '%u': 8, '@v': 9, '`w': 10, 'a\nb': 11 },
    [],
    {},
    'str',
    5,
    [[]],
    [{}],
    { a: [[]] },
    { cmd: ['sh', '-c', "until nc -z db 5432; do echo 'x: y'; sleep 2; done"], json: '{"ingress": true}' },
  ];
  cases.forEach((c, i) => same(canonical(c), `case ${i}`));
});

test('byte-identical on random trees', () => {
  let seed = 42;
  const rnd = (n: number) => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return seed % n;
  };
  const strings = ['a', 'true', '1', 'x: y', 'a\nb', '- z', ' s', 'q"t', "it's", '#', '{}', 'a b', 'é', '', '0.5'];
  const tree = (depth: number): unknown => {
    const k = rnd(depth > 3 ? 3 : 6);
    if (k === 0) return strings[rnd(strings.length)];
    if (k === 1) return rnd(1000) - 500;
    if (k === 2) return [true, false, null][rnd(3)];
    if (k === 3) return Array.from({ length: rnd(4) }, () => tree(depth + 1));
    return Object.fromEntries(Array.from({ length: rnd(4) }, () => [strings[rnd(strings.length)]!, tree(depth + 1)]));
  };
  for (let i = 0; i < 2000; i++) same(canonical(tree(0)), `tree ${i}`);
});

test('byte-identical on every committed render', () => {
  const files: string[] = [];
  const walk = (d: string) => {
    for (const f of readdirSync(d)) {
      const p = join(d, f);
      if (statSync(p).isDirectory()) walk(p);
      else if (/\.ya?ml$/.test(f)) files.push(p);
    }
  };
  walk(join(root, 'fixtures/golden'));
  for (const f of ['envs/kind/manifests.yaml', 'envs/gke/manifests.yaml', 'docker-compose.yml'])
    files.push(join(root, f));
  let docs = 0;
  for (const f of files)
    for (const d of parseAllDocuments(readFileSync(f, 'utf8'))) {
      same(canonical(d.toJS()), f);
      docs++;
    }
  assert.ok(docs > 100);
});

test('the YAML 1.1 check answers as a YAML 1.1 parse of the plain scalar does', () => {
  // What misreadIn11 replaced (a parse per string, too slow for large renders) is the reference here.
  const parsedAsOther = (s: string, plain: string): boolean => {
    try {
      return parse(plain, { version: '1.1' }) !== s;
    } catch {
      return true;
    }
  };
  const tokens = ['on', 'Off', 'yes', 'NO', 'y', 'N', 'true', 'Null', '~', '.inf', '-.Inf', '.NaN', '2026-01-01'];
  tokens.push('2001-12-14t21:59:43.10-05:00', '2001-12-14 21:59:43.10 -5', '12:30', '190:20:30.15', '0x1F', '0o17');
  tokens.push('0b101', '017', '1e3', '6.8e+5', '1_000', '.5', '1.', '+1');
  const chars = [...'019_:.-+eExobT Z~nNy#'];
  const candidates = [...tokens];
  const grow = (prefix: string, depth: number): void => {
    candidates.push(prefix);
    if (depth > 0) for (const c of chars) grow(prefix + c, depth - 1);
  };
  grow('', 3);
  for (const t of tokens) for (const c of chars) candidates.push(t + c, c + t);
  let checked = 0;
  for (const s of candidates) {
    const plain = stringify(s, YAML_OPTIONS).replace(/\n$/, '');
    if (/^["'|>]/.test(plain)) continue; // the library quotes it already
    if (s === '<<' || s === '=') continue; // structure, not a value, to a 1.1 reader: always quoted
    // go-yaml reads these as integers where the 1.1 schema keeps strings; the check quotes them on purpose.
    if (/^[-+]?(?:0[bB][01]+|0[oO][0-7]+|0[xX][0-9a-fA-F]+|[0-9]+)$/.test(plain.replace(/_/g, ''))) continue;
    assert.equal(misreadIn11(s, plain), parsedAsOther(s, plain), JSON.stringify(s));
    checked++;
  }
  assert.ok(checked > 5000, `${checked} strings checked`);
});

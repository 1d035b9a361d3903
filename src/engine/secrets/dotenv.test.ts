import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { awkwardValues } from './awkward-values.js';
import { DotenvSyntaxError, dotenvLine, dotenvValue, parseDotenv, toDotenv } from './dotenv.js';

test('every awkward value reads back exactly, alone and among others', () => {
  const values = awkwardValues(3000);
  for (const v of values) {
    const line = dotenvLine('K', v);
    assert.equal(parseDotenv(line).get('K'), v, line);
  }
  const file = toDotenv(
    values.map((v, i) => [`K${String(i).padStart(4, '0')}`, v] as const),
    ['header'],
  );
  assert.deepEqual([...parseDotenv(file).values()], values);
});

test('values are bare when safe, single-quoted when possible, double-quoted with \\ " $ escaped otherwise', () => {
  assert.equal(dotenvValue('abc-_./:=+@%,'), 'abc-_./:=+@%,');
  assert.equal(dotenvValue(''), '');
  assert.equal(dotenvValue('two words'), "'two words'");
  assert.equal(dotenvValue('a$b #c'), "'a$b #c'");
  assert.equal(dotenvValue('line\nbreak'), "'line\nbreak'");
  assert.equal(dotenvValue(`it's $HOME "q" \\`), `"it's \\$HOME \\"q\\" \\\\"`);
  // Compose reads \' inside single quotes as an escaped quote: a trailing backslash cannot be single-quoted.
  assert.equal(dotenvValue('ends\\'), '"ends\\\\"');
  assert.throws(() => dotenvLine('not-a-key', 'x'), RangeError);
});

test('toDotenv: sorted KEY=value lines after # header lines', () => {
  assert.equal(
    toDotenv({ B: 'http://127.0.0.1:4443', A: 'two words' }, ['oh-env emulate']),
    "# oh-env emulate\nA='two words'\nB=http://127.0.0.1:4443\n",
  );
  assert.equal(toDotenv(new Map([['Z', '1']])), 'Z=1\n');
});

test('a shell that sources the file reads back every value, but a double-quoted one holding a backtick', () => {
  const values = awkwardValues(600).filter((v) => !(dotenvValue(v).startsWith('"') && v.includes('`')));
  const keys = values.map((_, i) => `K${i}`);
  const file = toDotenv(values.map((v, i) => [keys[i]!, v] as const));
  // printf %s of each variable, NUL-separated: NUL is the one byte no value can hold.
  const script = `set -a\n${file}\nfor k in ${keys.join(' ')}; do eval "printf '%s\\\\0' \\"\\$$k\\""; done`;
  const out = execFileSync('sh', ['-c', script], { encoding: 'utf8', env: {} }).split('\0').slice(0, -1);
  assert.deepEqual(out, values);
});

test('hand-written files read as docker compose reads them', () => {
  const text = [
    '# a comment',
    '',
    '  export A=1',
    'B = two # a note',
    'C="tab\\there \\"q\\" \\$x $$y \\\\ \\q"',
    "D='kept \\n $literal'   # after",
    'E="multi',
    'line"',
    'F=a#b',
    'INHERITED',
    'G="\\0101"',
    'A=last wins',
  ].join('\n');
  assert.deepEqual(Object.fromEntries(parseDotenv(text)), {
    A: 'last wins',
    B: 'two',
    C: 'tab\there "q" $x $y \\ \\q',
    D: 'kept \\n $literal',
    E: 'multi\nline',
    F: 'a#b',
    G: 'A',
  });
});

test('what docker compose would read differently, or not at all, is refused with its line', () => {
  const refuse = (text: string, line: number, reason: RegExp): void =>
    assert.throws(
      () => parseDotenv(text),
      (e: unknown) => e instanceof DotenvSyntaxError && e.line === line && reason.test(e.reason),
      text,
    );
  refuse('A=1\nB=$HOME', 2, /\$\$ for a literal \$/);
  refuse('A="${X}"', 1, /variable to docker compose/);
  refuse('A=1\nB="open\n\n', 2, /never closed/);
  refuse("A='x' y", 1, /after the closing quote/);
  refuse('not a line', 1, /expected KEY=value/);
  refuse('A-B C=1', 1, /expected KEY=value/);
});

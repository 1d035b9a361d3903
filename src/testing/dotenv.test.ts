import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { dotenvValue, toDotenv } from './dotenv.js';

test('dotenv: sorted KEY=value lines, quoting only what needs it', () => {
  assert.equal(
    toDotenv({ B: 'http://127.0.0.1:4443', A: 'two words' }, ['oh-env emulate']),
    "# oh-env emulate\nA='two words'\nB=http://127.0.0.1:4443\n",
  );
  assert.equal(dotenvValue('abc-_./:=+'), 'abc-_./:=+');
  assert.equal(dotenvValue(''), '');
});

test('dotenv: a shell that sources the file reads back every value exactly', () => {
  const values = { PLAIN: 'x1', SPACE: 'a b', QUOTE: `it's "q" $HOME \`x\` \\`, DOLLAR: '$PATH', EMPTY: '' };
  const file = toDotenv(values);
  const script = `set -a\n${file}\nfor k in ${Object.keys(values).join(' ')}; do printf '%s\\0' "$(eval "printf '%s' \\"\\$$k\\"")"; done`;
  const out = execFileSync('sh', ['-c', script], { encoding: 'utf8', env: {} }).split('\0').slice(0, -1);
  assert.deepEqual(out, Object.values(values));
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parse } from 'yaml';
import { flagsFileInput } from './command.js';

test('a flags file carries any value verbatim (quotes, #, ": ", leading spaces, YAML indicators)', () => {
  for (const value of [
    'plain',
    ' leading space',
    'trailing space ',
    `p@ss: #"q" 'a' $HOME \\ |2- {x} [y] &z *w !t %u @v \`b\``,
    '- looks like a list',
    'yes',
    '0x10',
    'two\nlines',
  ])
    assert.equal(parse(flagsFileInput('--password', value))['--password'], value, JSON.stringify(value));
});

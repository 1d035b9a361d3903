import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import type { CliIO } from './io.js';
import { progressMode, startProgress } from './progress.js';
import { recording } from '../events/recordings.js';

const io = (o: { tty?: boolean; env?: Record<string, string> } = {}) => {
  let out = '';
  let err = '';
  const stderr = Object.assign(new PassThrough(), { isTTY: o.tty ?? false, columns: 80, rows: 24 });
  stderr.on('data', (c: Buffer) => (err += c.toString()));
  const value: CliIO = {
    stdout: { write: (s: string) => (out += s) },
    stderr: stderr as unknown as NodeJS.WriteStream,
    stdin: new PassThrough() as unknown as NodeJS.ReadStream,
    cwd: '.',
    env: o.env ?? {},
  };
  return { io: value, out: () => out, err: () => err };
};

test('the renderer: NDJSON for --json, plain without a terminal or in CI, the dashboard on a terminal', () => {
  assert.equal(progressMode(io({ tty: true }).io, { json: true }), 'json');
  assert.equal(progressMode(io({ tty: false }).io, { json: false }), 'plain');
  assert.equal(progressMode(io({ tty: true, env: { CI: 'true' } }).io, { json: false }), 'plain');
  assert.equal(progressMode(io({ tty: true, env: { TERM: 'dumb' } }).io, { json: false }), 'plain');
  assert.equal(progressMode(io({ tty: true }).io, { json: false }), 'tty');
  assert.equal(progressMode(io({ tty: true }).io, { json: false, progress: 'plain' }), 'plain');
  assert.equal(progressMode(io({ tty: false }).io, { json: false, progress: 'tty' }), 'tty');
  assert.throws(() => progressMode(io().io, { json: false, progress: 'fancy' }), /unknown --progress "fancy"/);
});

test('json and plain modes write to stdout and stderr respectively', async () => {
  const j = io();
  const pj = startProgress(j.io, { json: true });
  for (const e of recording('up-job-failed.ndjson')) pj.sink.emit(e);
  await pj.done();
  assert.equal(j.out().trimEnd().split('\n').length, 10);
  assert.equal(j.err(), '');
  const p = io({ env: { NO_COLOR: '1' } });
  const pp = startProgress(p.io, { json: false });
  for (const e of recording('up-job-failed.ndjson')) pp.sink.emit(e);
  await pp.done();
  assert.equal(p.out(), '');
  assert.match(p.err(), /^oh-env up local: oh-env-demo/);
});

test('dashboard mode: events emitted before Ink is loaded are replayed; done() leaves the last frame', async () => {
  const t = io({ tty: true });
  const p = startProgress(t.io, { json: false, color: false });
  assert.equal(p.mode, 'tty');
  for (const e of recording('up-demo-ok.ndjson')) p.sink.emit(e);
  await p.done();
  const text = t.err().replace(new RegExp(`${String.fromCharCode(27)}\\[[0-9;?]*[A-Za-z]`, 'g'), '');
  assert.match(text, /oh-env up oh-env-demo local/);
  assert.match(text, /migrate +job +✔ exited\(0\)/);
  assert.match(text, /● ready/);
});

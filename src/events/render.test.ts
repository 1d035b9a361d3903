import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { plainSink } from './render-plain.js';
import { ndjsonSink, parseNdjson } from './render-ndjson.js';
import { recording } from './recordings.js';
import { EventBus } from './types.js';

const memory = () => {
  let text = '';
  return { write: (s: string) => void (text += s), text: () => text };
};

test('plain: one line per step and per state change, durations shown, no colour codes when colour is off', () => {
  const out = memory();
  const sink = plainSink(out, { color: false });
  for (const e of recording('up-demo-ok.ndjson')) sink.emit(e);
  const lines = out.text().trimEnd().split('\n');
  assert.equal(lines[0], 'oh-env up local: oh-env-demo on unix:///var/run/docker.sock');
  assert.ok(lines.includes('✔ start app (2.0 s)'), lines.join('\n'));
  assert.ok(lines.includes('  ● healthy service app (http://127.0.0.1:3000)'), lines.join('\n'));
  assert.ok(lines.includes('  ✔ exited(0) job migrate (completed)'), lines.join('\n'));
  assert.match(lines.at(-1)!, /^done in \d+\.\d s: 5 resources up/);
  assert.equal(out.text().includes('\u001b['), false);
  // Log lines and stats are not progress.
  assert.equal(out.text().includes('listening'), false);
  assert.equal(out.text().includes('41943040'), false);
});

test('plain: a repeated status prints once; logs print when asked; a failure reads as one', () => {
  const out = memory();
  const sink = plainSink(out, { color: false, logs: true });
  const e = { type: 'resource.status', time: 1, resource: 'r', kind: 'service', state: 'running' } as const;
  sink.emit(e);
  sink.emit({ ...e, time: 2, restarts: 0 });
  sink.emit({ type: 'log', time: 3, resource: 'r', stream: 'stdout', line: 'hello' });
  assert.equal(out.text(), '  ● running service r\nr | hello\n');

  const failed = memory();
  const f = plainSink(failed, { color: true });
  for (const ev of recording('up-job-failed.ndjson')) f.emit(ev);
  const text = failed.text();
  assert.match(text, /✖.*exited\(1\).*migrate.*exited with code 1/);
  assert.match(text, /error E_JOB_FAILED.*: migrate: job migrate exited with code 1/);
  assert.match(text, /failed.* after .*job migrate failed/);
  assert.ok(text.includes('\u001b[31m'));
});

test('NDJSON: every line of a bus-fed run is valid against schema/events.schema.json and round-trips', () => {
  const schema = JSON.parse(readFileSync(new URL('../../schema/events.schema.json', import.meta.url), 'utf8'));
  const validate = new Ajv2020({ strict: true }).compile(schema);
  const out = memory();
  let clock = 1_000;
  const bus = new EventBus(() => (clock += 7));
  bus.subscribe(ndjsonSink(out).emit);
  bus.send({
    type: 'run.started',
    command: 'status',
    env: 'demo',
    target: 'local',
    context: 'unix:///var/run/docker.sock',
  });
  bus.send({
    type: 'resource.status',
    resource: 'app',
    kind: 'service',
    state: 'healthy',
    ports: ['127.0.0.1:3000->3000/tcp'],
  });
  bus.send({ type: 'resource.stats', resource: 'app', cpuPercent: 0.4, memoryBytes: 1234 });
  bus.send({ type: 'run.ended', ok: true, durationMs: 14, summary: '1 resource' });
  const parsed = parseNdjson(out.text());
  assert.equal(parsed.length, 4);
  for (const p of parsed) assert.ok(validate(p), JSON.stringify(validate.errors));
  assert.deepEqual(
    parsed.map((p) => (p as { time: number }).time),
    [1007, 1014, 1021, 1028],
  );
  for (const e of recording('status-restart.ndjson')) {
    const o = memory();
    ndjsonSink(o).emit(e);
    assert.deepEqual(JSON.parse(o.text()), e);
  }
});

test('parseNdjson names the line that is not JSON', () => {
  assert.throws(() => parseNdjson('{"a":1}\n\nnope\n'), /line 3 is not JSON/);
});

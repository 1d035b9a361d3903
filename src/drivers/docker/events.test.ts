import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeEvent, LineSplitter } from './events.js';
import { cpuPercent, memoryBytes, noticeable, SampleFilter, type RawStats } from './stats.js';

// Shapes as Docker Engine API 1.4x sends them.
const raw = (action: string, attrs: Record<string, string> = {}) =>
  JSON.stringify({
    Type: 'container',
    Action: action,
    Actor: { ID: 'abc123', Attributes: { 'com.docker.compose.service': 'app', ...attrs } },
    scope: 'local',
    time: 1764345600,
    timeNano: 1764345600123456000,
  });

test('container events decode with their health, exit code and Compose service', () => {
  assert.deepEqual(decodeEvent(raw('health_status: unhealthy')), {
    id: 'abc123',
    action: 'health_status',
    health: 'unhealthy',
    service: 'app',
    timeNano: 1764345600123456000,
  });
  assert.equal(decodeEvent(raw('die', { exitCode: '137' }))?.exitCode, 137);
  assert.equal(decodeEvent(raw('start'))?.action, 'start');
  assert.equal(decodeEvent(JSON.stringify({ Type: 'network', Action: 'connect', Actor: { ID: 'n' } })), undefined);
  assert.equal(decodeEvent('not json'), undefined);
});

test('the line splitter keeps a partial line for the next chunk', () => {
  const s = new LineSplitter();
  assert.deepEqual(s.push('{"a":1}\n{"b"'), ['{"a":1}']);
  assert.deepEqual(s.push(':2}\n\n'), ['{"b":2}']);
});

test('CPU and memory as docker stats computes them', () => {
  const sample = {
    cpu_stats: { cpu_usage: { total_usage: 3_000_000 }, system_cpu_usage: 200_000_000, online_cpus: 2 },
    precpu_stats: { cpu_usage: { total_usage: 2_000_000 }, system_cpu_usage: 100_000_000 },
    memory_stats: { usage: 50_000_000, stats: { inactive_file: 10_000_000 } },
  };
  assert.equal(cpuPercent(sample), 2);
  assert.equal(memoryBytes(sample), 40_000_000);
  assert.equal(cpuPercent({}), 0);
  assert.equal(memoryBytes({ memory_stats: { usage: 5, stats: { cache: 10 } } }), 0);
});

test('only noticeable changes are passed on', () => {
  const a = { cpuPercent: 0.2, memoryBytes: 40_000_000 };
  assert.equal(noticeable(undefined, a), true);
  assert.equal(noticeable(a, { cpuPercent: 0.9, memoryBytes: 40_100_000 }), false);
  assert.equal(noticeable(a, { cpuPercent: 1.3, memoryBytes: 40_000_000 }), true);
  assert.equal(noticeable(a, { cpuPercent: 0.2, memoryBytes: 42_000_000 }), true);
});

test("a health check's one-sample blip of CPU and memory is no change; a change that lasts shows on its second sample", () => {
  let system = 1e9;
  let used = 0;
  /** One second of the engine's samples: `cpu` ns of CPU used in it (of 1e9), `memory` bytes in use. */
  const raw = (cpu: number, memory: number): RawStats => {
    const pre = { cpu_usage: { total_usage: used }, system_cpu_usage: system };
    system += 1e9;
    used += cpu;
    return {
      cpu_stats: { cpu_usage: { total_usage: used }, system_cpu_usage: system, online_cpus: 1 },
      precpu_stats: pre,
      memory_stats: { usage: memory },
    };
  };
  const f = new SampleFilter();
  assert.equal(
    f.push({ memory_stats: { usage: 1 } }),
    undefined,
    'the first sample has nothing to measure CPU against',
  );
  assert.deepEqual(f.push(raw(0, 400_000)), { cpuPercent: 0, memoryBytes: 400_000 });
  // The health check: 5% of a core and 1 MB more, for one sample.
  assert.equal(f.push(raw(5e7, 1_450_000)), undefined);
  assert.equal(f.push(raw(0, 400_000)), undefined);
  // Memory that grows and stays: shown on its second sample.
  assert.equal(f.push(raw(0, 20_000_000)), undefined);
  assert.equal(f.push(raw(0, 20_000_000))?.memoryBytes, 20_000_000);
  // A lasting load: shown within two samples.
  assert.equal(f.push(raw(8e8, 20_000_000)), undefined);
  assert.ok((f.push(raw(8e8, 20_000_000))?.cpuPercent ?? 0) > 30);
});

// Docker's stats of one container (read every few seconds), reduced to CPU percent of one core and memory in
// use. Only changes a person would notice, and that last, are passed on, so idle containers cost no renders.
import { setTimeout as sleep } from 'node:timers/promises';
import type { DockerClient } from './client.js';
import { followUntilAbort } from './follow.js';

export interface RawStats {
  cpu_stats?: { cpu_usage?: { total_usage?: number }; system_cpu_usage?: number; online_cpus?: number };
  precpu_stats?: { cpu_usage?: { total_usage?: number }; system_cpu_usage?: number };
  memory_stats?: { usage?: number; stats?: Record<string, number> };
}

export interface Sample {
  readonly cpuPercent: number;
  readonly memoryBytes: number;
}

/** CPU as `docker stats` computes it: share of the host's time, times the CPUs (100% = one core busy). */
export function cpuPercent(s: RawStats): number {
  const cpu = (s.cpu_stats?.cpu_usage?.total_usage ?? 0) - (s.precpu_stats?.cpu_usage?.total_usage ?? 0);
  const system = (s.cpu_stats?.system_cpu_usage ?? 0) - (s.precpu_stats?.system_cpu_usage ?? 0);
  const cpus = s.cpu_stats?.online_cpus ?? 1;
  if (cpu <= 0 || system <= 0) return 0;
  return (cpu / system) * cpus * 100;
}

/** Memory as `docker stats` shows it: usage minus the page cache (cgroup v2 inactive_file, v1 cache). */
export function memoryBytes(s: RawStats): number {
  const usage = s.memory_stats?.usage ?? 0;
  const st = s.memory_stats?.stats ?? {};
  const cache = st.inactive_file ?? st.total_inactive_file ?? st.cache ?? 0;
  return Math.max(0, usage - cache);
}

/** Whether a new sample differs enough from the last one shown to be worth a frame. */
export function noticeable(prev: Sample | undefined, next: Sample): boolean {
  if (!prev) return true;
  return (
    Math.abs(next.cpuPercent - prev.cpuPercent) >= 1 ||
    Math.abs(next.memoryBytes - prev.memoryBytes) >= Math.max(1024 * 1024, prev.memoryBytes * 0.02)
  );
}

/**
 * Turns the engine's samples into the ones worth a frame: a change is passed on only once two samples in a row
 * show it (CPU as their mean). A health check runs a process in the container, which is one sample of extra CPU
 * and memory (0.4 → 1.4 MB for an idle container); a real change lasts.
 */
export class SampleFilter {
  private last: Sample | undefined;
  /** A first sample that differs from what is shown, waiting for a second. */
  private candidate: Sample | undefined;

  push(raw: RawStats): Sample | undefined {
    // The first sample has no previous one to measure CPU against.
    if (!raw.precpu_stats?.system_cpu_usage) return undefined;
    const sample = { cpuPercent: cpuPercent(raw), memoryBytes: memoryBytes(raw) };
    if (!noticeable(this.last, sample)) {
      this.candidate = undefined;
      return undefined;
    }
    if (this.last && !this.candidate) {
      this.candidate = sample;
      return undefined;
    }
    // CPU over both seconds, so one busy second does not read as a steady load.
    const shown = this.candidate
      ? { cpuPercent: (this.candidate.cpuPercent + sample.cpuPercent) / 2, memoryBytes: sample.memoryBytes }
      : sample;
    this.candidate = undefined;
    this.last = shown;
    return shown;
  }
}

/**
 * How often a running container's stats are read. The engine's stream sends a sample every second; waking up
 * for each of them, for 20 containers, was most of an idle dashboard's CPU (its budget is 1 % of one core).
 * A person reads CPU and memory over seconds: a read every few seconds shows the same numbers.
 */
export const STATS_INTERVAL_MS = 5000;

/**
 * Reads one container's stats every `intervalMs` (one-shot reads; CPU is measured between two reads)
 * until the signal aborts or the container stops. The engine's `wait` answer, idle until the container stops,
 * ends the samples then, as the end of the engine's stream did: the status source opens new ones on the next
 * start. A container that is gone, or an engine that fails a read, ends them too (the events say why).
 */
export async function followStats(
  client: DockerClient,
  id: string,
  signal: AbortSignal,
  onSample: (s: Sample) => void,
  intervalMs = STATS_INTERVAL_MS,
): Promise<void> {
  const path = `/containers/${encodeURIComponent(id)}`;
  const done = new AbortController();
  const stop = (): void => done.abort();
  signal.addEventListener('abort', stop, { once: true });
  if (signal.aborted) stop();
  try {
    const stopped = await client.open({ method: 'POST', path: `${path}/wait`, query: { condition: 'not-running' } });
    void followUntilAbort(stopped, done.signal, () => undefined)
      .catch(() => undefined)
      .finally(stop);
    const filter = new SampleFilter();
    let previous: RawStats['cpu_stats'];
    while (!done.signal.aborted) {
      const raw = await client.call<RawStats>({ path: `${path}/stats`, query: { stream: false, 'one-shot': true } });
      if (!raw || done.signal.aborted) break;
      const sample = filter.push({ ...raw, precpu_stats: previous ?? {} });
      previous = raw.cpu_stats;
      if (sample) onSample(sample);
      await sleep(intervalMs, undefined, { signal: done.signal });
    }
  } catch {
    // aborted, stopped, gone or a failed read: the last sample stays shown
  } finally {
    signal.removeEventListener('abort', stop);
    stop();
  }
}

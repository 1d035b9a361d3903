// Docker's stats stream of one container (one sample a second from the engine), reduced to CPU percent of one
// core and memory in use. Only changes a person would notice, and that last, are passed on, so idle
// containers cost no renders.
import type { DockerClient } from './client.js';
import { LineSplitter } from './events.js';
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

/** Follows one container's stats until the signal aborts or the container stops. */
export async function followStats(
  client: DockerClient,
  id: string,
  signal: AbortSignal,
  onSample: (s: Sample) => void,
): Promise<void> {
  const stream = await client.open({ path: `/containers/${encodeURIComponent(id)}/stats`, query: { stream: 1 } });
  const filter = new SampleFilter();
  const lines = new LineSplitter();
  // A broken stream ends the samples like a stopped container does: the dashboard shows the last one.
  await followUntilAbort(stream, signal, (chunk) => {
    for (const line of lines.push(chunk)) {
      let raw: RawStats;
      try {
        raw = JSON.parse(line) as RawStats;
      } catch {
        continue;
      }
      const sample = filter.push(raw);
      if (sample) onSample(sample);
    }
  }).catch(() => undefined);
}

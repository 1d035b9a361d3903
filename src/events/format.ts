// How snapshot values read as text, shared by the plain printer, the status table and the dashboard, so a
// state looks the same in every view.
import type { ResourceView } from './reducer.js';

/** 850 ms, 4.2 s, 3m 05s, 2h 10m. */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const s = Math.floor(ms / 1000);
  if (s < 3600) return `${Math.floor(s / 60)}m ${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(s / 3600)}h ${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
}

/** The header's elapsed time: seconds for the first minute, then minutes, so an idle screen rarely changes. */
export function formatElapsed(ms: number): string {
  if (ms < 60_000) return formatDuration(ms);
  const m = Math.floor(ms / 60_000);
  return m < 60 ? `${m}m` : `${Math.floor(m / 60)}h ${String(m % 60).padStart(2, '0')}m`;
}

/** Compact age like `docker ps`: 45s, 12m, 3h, 2d. */
export function formatAge(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m`;
  if (s < 86_400) return `${Math.floor(s / 3600)}h`;
  return `${Math.floor(s / 86_400)}d`;
}

export function formatBytes(n: number): string {
  if (n < 1024) return `${n}B`;
  const units = ['KiB', 'MiB', 'GiB', 'TiB'];
  let v = n / 1024;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i += 1;
  }
  return `${v >= 100 ? Math.round(v) : v.toFixed(1)}${units[i]}`;
}

export const formatCpu = (p: number): string => `${p >= 100 ? Math.round(p) : p.toFixed(1)}%`;

export type StateTone = 'ok' | 'progress' | 'bad' | 'muted';

/** The state as a word, a symbol (readable without colour) and a tone the theme colours. */
export function stateLabel(r: Pick<ResourceView, 'state' | 'kind' | 'exitCode'>): {
  text: string;
  symbol: string;
  tone: StateTone;
} {
  switch (r.state) {
    case 'healthy':
      return { text: 'healthy', symbol: '●', tone: 'ok' };
    case 'running':
      return { text: 'running', symbol: '●', tone: 'ok' };
    case 'starting':
      return { text: 'starting', symbol: '◐', tone: 'progress' };
    case 'pending':
      return { text: 'pending', symbol: '○', tone: 'muted' };
    case 'unhealthy':
      return { text: 'unhealthy', symbol: '✖', tone: 'bad' };
    case 'failed':
      return { text: 'failed', symbol: '✖', tone: 'bad' };
    case 'removed':
      return { text: 'removed', symbol: '–', tone: 'muted' };
    case 'exited': {
      const code = r.exitCode;
      const text = code === undefined ? 'exited' : `exited(${code})`;
      if (code === 0) return { text, symbol: r.kind === 'job' ? '✔' : '■', tone: r.kind === 'job' ? 'ok' : 'muted' };
      return { text, symbol: '✖', tone: 'bad' };
    }
  }
}

/** Ports as shown in a narrow column: the URL when known, else the published ports without loopback or tcp. */
export const formatPorts = (r: Pick<ResourceView, 'ports' | 'url'>): string =>
  r.url ?? r.ports.map((p) => p.replace(/\/tcp$/, '').replace(/^(127\.0\.0\.1|0\.0\.0\.0|\[::\]):/, '')).join(',');

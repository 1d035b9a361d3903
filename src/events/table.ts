// The services table laid out: which columns fit the terminal width, how wide each is, which rows are
// visible. Shared by the dashboard and the one-shot `status` table, tested without rendering.
import { formatAge, formatBytes, formatCpu, formatPorts, stateLabel, type StateTone } from './format.js';
import type { ResourceView } from './reducer.js';

export type ColumnKey = 'name' | 'kind' | 'state' | 'health' | 'restarts' | 'ports' | 'cpu' | 'mem' | 'age' | 'image';

interface ColumnSpec {
  readonly key: ColumnKey;
  readonly title: string;
  /** Lower is kept first when the terminal is narrow. */
  readonly priority: number;
  readonly min: number;
  /** Widest it grows to (flexible columns grow to their content up to this). */
  readonly max: number;
  readonly align: 'left' | 'right';
}

const SPECS: readonly ColumnSpec[] = [
  { key: 'name', title: 'NAME', priority: 0, min: 12, max: 40, align: 'left' },
  { key: 'kind', title: 'KIND', priority: 4, min: 7, max: 7, align: 'left' },
  { key: 'state', title: 'STATE', priority: 0, min: 13, max: 13, align: 'left' },
  { key: 'health', title: 'HEALTH', priority: 6, min: 9, max: 9, align: 'left' },
  { key: 'restarts', title: '↻', priority: 5, min: 3, max: 3, align: 'right' },
  { key: 'ports', title: 'PORTS', priority: 1, min: 10, max: 30, align: 'left' },
  { key: 'cpu', title: 'CPU', priority: 2, min: 6, max: 6, align: 'right' },
  { key: 'mem', title: 'MEM', priority: 2, min: 8, max: 8, align: 'right' },
  { key: 'age', title: 'AGE', priority: 3, min: 4, max: 4, align: 'right' },
  { key: 'image', title: 'IMAGE', priority: 7, min: 12, max: 40, align: 'left' },
];

export interface Column {
  readonly key: ColumnKey;
  readonly title: string;
  readonly width: number;
  readonly align: 'left' | 'right';
}

/** Two cells of selection marker at the start of each row, one space between columns. */
export const MARKER = 2;
const GAP = 1;

export interface Cell {
  readonly text: string;
  readonly tone?: StateTone;
}

export function cellOf(r: ResourceView, key: ColumnKey, now: number): Cell {
  switch (key) {
    case 'name':
      return { text: r.name };
    case 'kind':
      return { text: r.kind, tone: 'muted' };
    case 'state': {
      const l = stateLabel(r);
      return { text: `${l.symbol} ${l.text}`, tone: l.tone };
    }
    case 'health':
      return {
        text: r.health ?? '–',
        tone: r.health === 'healthy' ? 'ok' : r.health === 'unhealthy' ? 'bad' : 'muted',
      };
    case 'restarts':
      return { text: String(r.restarts), ...(r.restarts > 0 ? { tone: 'bad' as const } : { tone: 'muted' as const }) };
    case 'ports':
      return { text: formatPorts(r) || '–' };
    case 'cpu':
      return { text: r.cpuPercent === undefined ? '–' : formatCpu(r.cpuPercent) };
    case 'mem':
      return { text: r.memoryBytes === undefined ? '–' : formatBytes(r.memoryBytes) };
    case 'age':
      return {
        text:
          r.startedAt === undefined || r.state === 'exited' || r.state === 'removed'
            ? '–'
            : formatAge(now - r.startedAt),
      };
    case 'image':
      return { text: r.image ?? '–', tone: 'muted' };
  }
}

/** The columns that fit `width`, keeping the most important ones, widened to their content where room is left. */
export function columnsFor(width: number, rows: readonly ResourceView[], now: number): Column[] {
  const chosen: ColumnSpec[] = [];
  let used = MARKER;
  for (const spec of [...SPECS].sort((a, b) => a.priority - b.priority)) {
    const need = spec.min + (chosen.length > 0 ? GAP : 0);
    if (used + need > width && spec.priority > 0) continue;
    chosen.push(spec);
    used += need;
  }
  const widths = new Map(chosen.map((s) => [s.key, s.min]));
  let spare = Math.max(0, width - used);
  // Flexible columns grow to their content, the name first.
  for (const key of ['name', 'ports', 'image'] as const) {
    const spec = chosen.find((s) => s.key === key);
    if (!spec || spare === 0) continue;
    const natural = Math.max(spec.title.length, ...rows.map((r) => cellOf(r, key, now).text.length));
    const grow = Math.min(spare, Math.max(0, Math.min(spec.max, natural) - spec.min));
    widths.set(key, spec.min + grow);
    spare -= grow;
  }
  return SPECS.filter((s) => widths.has(s.key)).map((s) => ({
    key: s.key,
    title: s.title,
    width: widths.get(s.key)!,
    align: s.align,
  }));
}

/** Exactly `width` cells: cut with an ellipsis, padded on the side the column aligns away from. */
export function fit(text: string, width: number, align: 'left' | 'right' = 'left'): string {
  const chars = [...text];
  if (chars.length > width)
    return width <= 1 ? chars.slice(0, width).join('') : `${chars.slice(0, width - 1).join('')}…`;
  const pad = ' '.repeat(width - chars.length);
  return align === 'left' ? text + pad : pad + text;
}

/** The first visible row so that `selected` is on screen, moving the window as little as possible. */
export function scrollOffset(selected: number, offset: number, visible: number, total: number): number {
  if (visible <= 0 || total <= visible) return 0;
  let o = Math.min(Math.max(0, offset), total - visible);
  if (selected < o) o = selected;
  if (selected >= o + visible) o = selected - visible + 1;
  return o;
}

/** The table as plain text (one-shot `oh-env status`): the dashboard's columns, without the marker. */
export function tableText(
  rows: readonly ResourceView[],
  width: number,
  now: number,
  paintTone: (tone: StateTone, text: string) => string = (_t, s) => s,
): string {
  // A one-shot read has no stats samples: columns with nothing in any row are left out.
  const cols = columnsFor(width + MARKER, rows, now).filter(
    (c) => c.key === 'name' || rows.some((r) => cellOf(r, c.key, now).text !== '–'),
  );
  const line = (cells: readonly string[]): string => cells.join(' ').trimEnd();
  const out = [line(cols.map((c) => fit(c.title, c.width, c.align)))];
  for (const r of rows)
    out.push(
      line(
        cols.map((c) => {
          const cell = cellOf(r, c.key, now);
          const text = fit(cell.text, c.width, c.align);
          return cell.tone && cell.tone !== 'muted' ? paintTone(cell.tone, text) : text;
        }),
      ),
    );
  return `${out.join('\n')}\n`;
}

// @jsxRuntime automatic
// @jsxImportSource react
// The services table: one line per resource, bounded to `height` lines (title row included), scrolled so the
// selected row is visible. Column choice and widths come from layout.ts.
import { Box, Text } from 'ink';
import type { ResourceView } from '../../src/events/reducer.js';
import { cellOf, columnsFor, fit, MARKER, type Column } from '../../src/events/table.js';
import type { StateTone } from '../../src/events/format.js';
import { useTheme } from '../theme.js';

export interface ServicesTableProps {
  readonly resources: readonly ResourceView[];
  readonly selected: number;
  /** First visible row (see scrollOffset). */
  readonly offset: number;
  readonly width: number;
  readonly height: number;
  readonly now: number;
}

/** "rows 17–32 of 50" when some rows are off screen (shown in the footer), else undefined. */
export function scrollPosition(total: number, offset: number, height: number): string | undefined {
  const visible = Math.max(0, height - 1);
  if (total <= visible) return undefined;
  return `rows ${offset + 1}–${Math.min(total, offset + visible)} of ${total}`;
}

/** A row as runs of text of one tone: few text nodes per row keep each frame cheap for Ink. */
function segments(
  r: ResourceView,
  columns: readonly Column[],
  now: number,
  selected: boolean,
): { text: string; tone?: StateTone }[] {
  const out: { text: string; tone?: StateTone }[] = [{ text: selected ? '› ' : '  ' }];
  columns.forEach((c, j) => {
    const cell = cellOf(r, c.key, now);
    const text = fit(cell.text, c.width, c.align) + (j < columns.length - 1 ? ' ' : '');
    const last = out[out.length - 1]!;
    if (last.tone === cell.tone) last.text += text;
    else out.push(cell.tone ? { text, tone: cell.tone } : { text });
  });
  return out;
}

export function ServicesTable(p: ServicesTableProps) {
  const t = useTheme().tokens;
  const columns = columnsFor(p.width, p.resources, p.now);
  const visible = Math.max(0, p.height - 1);
  const rows = p.resources.slice(p.offset, p.offset + visible);
  return (
    <Box flexDirection="column" width={p.width} height={p.height} overflow="hidden">
      <Text wrap="truncate-end" bold>
        {' '.repeat(MARKER)}
        {columns.map((c) => fit(c.title, c.width, c.align)).join(' ')}
      </Text>
      {p.resources.length === 0 ? (
        <Text color={t.muted} wrap="truncate-end">
          {'  '}no containers of this environment: `oh-env up` starts them
        </Text>
      ) : (
        rows.map((r, i) => {
          const selected = p.offset + i === p.selected;
          return (
            <Text key={r.name} wrap="truncate-end" inverse={selected}>
              {segments(r, columns, p.now, selected).map((seg, j) => (
                <Text key={j} color={seg.tone ? t[seg.tone] : undefined}>
                  {seg.text}
                </Text>
              ))}
            </Text>
          );
        })
      )}
    </Box>
  );
}

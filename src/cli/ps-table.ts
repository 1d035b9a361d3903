// `oh-env ps` as text: one row per running thing, the same columns on every target.
import type { PsRow } from '../targets/target.js';

/** A plain table: SERVICE KIND STATE PORTS IMAGE. */
export function psTable(rows: readonly PsRow[]): string {
  const head = ['SERVICE', 'KIND', 'STATE', 'PORTS', 'IMAGE'];
  const body = rows.map((r) => [
    r.service + (r.inModel ? '' : ' (not in model)'),
    r.kind,
    r.state === 'exited' ? `exited (${r.exitCode ?? '?'})` : r.health ? `${r.state} (${r.health})` : r.state,
    r.ports.join(', ') || '-',
    r.image,
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i]!.length)));
  const line = (cells: readonly string[]) =>
    cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]!))).join('  ');
  return `${[line(head), ...body.map(line)].join('\n')}\n`;
}

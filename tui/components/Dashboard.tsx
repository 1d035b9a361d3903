// @jsxRuntime automatic
// @jsxImportSource react
// The whole screen from a snapshot and the view state: no hooks besides the theme, so every frame is a pure
// function of its props (tested at fixed sizes with ink-testing-library).
import { Box, Text } from 'ink';
import { elapsedMs, type Snapshot } from '../../src/events/reducer.js';
import { scrollOffset } from '../../src/events/table.js';
import { useTheme } from '../theme.js';
import { DetailPanel } from './DetailPanel.js';
import { Header } from './Header.js';
import { Footer, Help } from './Help.js';
import { LogView } from './LogView.js';
import { ServicesTable, scrollPosition } from './ServicesTable.js';
import { Steps } from './Steps.js';

export type ViewMode = 'table' | 'logs' | 'help';

export interface DashboardProps {
  readonly snapshot: Snapshot;
  readonly selected: number;
  readonly offset: number;
  readonly mode: ViewMode;
  readonly width: number;
  readonly height: number;
  readonly now: number;
  readonly message?: string;
  readonly messageTone?: 'ok' | 'bad';
}

/** Where the lines go: header, notice, steps, table, detail panel, footer. */
export function budget(s: Snapshot, height: number): { notice: number; steps: number; table: number; detail: number } {
  const fixed = 2; // header + footer
  const notice = s.errors.length + s.warnings.length > 0 && height >= 12 ? 1 : 0;
  const stepsWanted = s.command !== undefined && s.command !== 'status' ? Math.min(s.steps.length, 6) : 0;
  let room = Math.max(0, height - fixed - notice);
  // The table keeps what it needs up to 6 lines; the steps take what is left of that, the table the rest.
  const tableMin = Math.min(room, 1 + Math.max(1, s.resources.length), 6);
  const steps = Math.min(stepsWanted, Math.max(0, room - tableMin));
  room -= steps;
  // The detail panel only when the table keeps at least 5 rows.
  const detail = room >= 16 ? Math.min(12, Math.floor(room * 0.4)) : 0;
  return { notice, steps, table: room - detail, detail };
}

export function Dashboard(p: DashboardProps) {
  const t = useTheme().tokens;
  const s = p.snapshot;
  const b = budget(s, p.height);
  const selected = s.resources[p.selected];
  const lastNotice = s.errors.at(-1) ?? s.warnings.at(-1);
  const body = Math.max(0, p.height - 2 - b.notice);
  const offset = scrollOffset(p.selected, p.offset, b.table - 1, s.resources.length);
  const position = p.mode === 'table' ? scrollPosition(s.resources.length, offset, b.table) : undefined;
  return (
    <Box flexDirection="column" width={p.width} height={p.height}>
      <Header snapshot={s} elapsedMs={elapsedMs(s, p.now)} width={p.width} />
      {b.notice > 0 && lastNotice && (
        <Text wrap="truncate-end" color={s.errors.length > 0 ? t.bad : t.warn}>
          {s.errors.length > 0 ? `error ${lastNotice.code ?? ''}` : 'warning'}:{' '}
          {lastNotice.resource ? `${lastNotice.resource}: ` : ''}
          {lastNotice.message}
          {s.errors.length + s.warnings.length > 1 ? ` (+${s.errors.length + s.warnings.length - 1} more)` : ''}
        </Text>
      )}
      {p.mode === 'help' ? (
        <Help width={p.width} height={body} />
      ) : p.mode === 'logs' ? (
        <LogView resource={selected} width={p.width} height={body} />
      ) : (
        <>
          <Steps steps={s.steps} height={b.steps} now={p.now} />
          <ServicesTable
            resources={s.resources}
            selected={p.selected}
            offset={offset}
            width={p.width}
            height={b.table}
            now={p.now}
          />
          <DetailPanel resource={selected} width={p.width} height={b.detail} />
        </>
      )}
      <Footer
        width={p.width}
        {...(position ? { position } : {})}
        {...(p.message ? { message: p.message } : {})}
        {...(p.messageTone ? { messageTone: p.messageTone } : {})}
      />
    </Box>
  );
}

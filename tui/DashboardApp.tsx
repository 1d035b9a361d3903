// @jsxRuntime automatic
// @jsxImportSource react
// The one container: subscribes to the store, owns the view state (selection, scroll, mode), reads keys and
// the terminal size, and calls back for what touches the environment (restart) or the source (follow logs).
import { useCallback, useEffect, useRef, useState, useSyncExternalStore } from 'react';
import type { Key } from 'ink';
import { useInput, useStdin, useWindowSize } from 'ink';
import { Dashboard, budget, type ViewMode } from './components/Dashboard.js';
import { scrollOffset } from '../src/events/table.js';
import type { SnapshotStore } from './store.js';
import { nextTickMs, type Snapshot } from '../src/events/reducer.js';

export interface DashboardActions {
  /** `r`: restart one resource (local: the docker driver restarts its container). */
  restart?(resource: string): Promise<void>;
  /** Enter: make sure log lines of this resource keep arriving. */
  followLogs?(resource: string): void;
}

export interface DashboardAppProps {
  readonly store: SnapshotStore;
  readonly actions?: DashboardActions;
  /** q, Esc or Ctrl-C: leave the dashboard (the environment is not touched). */
  readonly onQuit: () => void;
  readonly now?: () => number;
  /** How often elapsed time and ages move on (default: as often as they are shown to change). */
  readonly tickMs?: number;
  /** Take the whole terminal height (watch); otherwise only the lines the content needs (inline `up`). */
  readonly fill?: boolean;
  /** Fixed size (tests); otherwise the terminal's, following resizes. */
  readonly size?: { readonly columns: number; readonly rows: number };
}

/** Lines the content needs without a detail panel: header, notice, steps, table title and rows, footer. */
function naturalHeight(s: Snapshot): number {
  const notice = s.errors.length + s.warnings.length > 0 ? 1 : 0;
  return 2 + notice + (s.command !== 'status' ? Math.min(6, s.steps.length) : 0) + 1 + Math.max(1, s.resources.length);
}

export function DashboardApp(p: DashboardAppProps) {
  const snapshot = useSyncExternalStore(p.store.subscribe, p.store.get);
  const window = useWindowSize();
  const columns = p.size?.columns ?? window.columns;
  // One line short of the screen: a frame as tall as the terminal scrolls it on some terminals.
  const screen = p.size?.rows ?? Math.max(5, window.rows - 1);
  const clock = p.now ?? Date.now;
  const [now, setNow] = useState(clock);
  const [selectedName, setSelectedName] = useState<string | undefined>(undefined);
  const [offset, setOffset] = useState(0);
  const [mode, setMode] = useState<ViewMode>('table');
  const [message, setMessage] = useState<{ text: string; tone: 'ok' | 'bad' } | undefined>(undefined);
  const { isRawModeSupported } = useStdin();

  // The clock re-renders only when what it moves shows another value (each frame costs Ink a full redraw);
  // a new snapshot (a container that just started shows its age in seconds) schedules it again.
  useEffect(() => {
    const delay = p.tickMs ?? nextTickMs(snapshot, clock());
    const tick = setTimeout(() => setNow(clock()), delay);
    return () => clearTimeout(tick);
  }, [clock, p.tickMs, snapshot, now]);

  const resources = snapshot.resources;
  const rows = p.fill === false ? Math.min(screen, naturalHeight(snapshot)) : screen;
  const found = selectedName === undefined ? -1 : resources.findIndex((r) => r.name === selectedName);
  const selected = found >= 0 ? found : Math.min(resources.length - 1, 0);
  const visible = Math.max(1, budget(snapshot, rows).table - 1);
  const currentOffset = scrollOffset(selected, offset, visible, resources.length);
  // Keys can arrive faster than React renders: the handler reads the selection from here, not the closure.
  const cursor = useRef(selected);
  cursor.current = selected;

  const select = useCallback(
    (i: number) => {
      const clamped = Math.max(0, Math.min(resources.length - 1, i));
      const r = resources[clamped];
      if (!r) return;
      cursor.current = clamped;
      setSelectedName(r.name);
      setOffset((o) => scrollOffset(clamped, o, visible, resources.length));
    },
    [resources, visible],
  );

  const onKey = (input: string, key: Key): void => {
    if ((key.ctrl && input === 'c') || input === 'q') return p.onQuit();
    if (mode === 'help') return setMode('table');
    if (key.escape) return mode === 'logs' ? setMode('table') : p.onQuit();
    if (key.return) {
      if (mode === 'logs') return setMode('table');
      const r = resources[cursor.current];
      if (r) {
        p.actions?.followLogs?.(r.name);
        setMode('logs');
      }
      return;
    }
    if (input === '?') return setMode('help');
    if (key.upArrow || input === 'k') return select(cursor.current - 1);
    if (key.downArrow || input === 'j') return select(cursor.current + 1);
    if (key.pageUp) return select(cursor.current - visible);
    if (key.pageDown) return select(cursor.current + visible);
    if (key.home || input === 'g') return select(0);
    if (key.end || input === 'G') return select(resources.length - 1);
    if (input === 'r') {
      const r = resources[cursor.current];
      if (!r) return;
      if (!p.actions?.restart) return setMessage({ text: 'restart is not available here', tone: 'bad' });
      setMessage({ text: `restarting ${r.name}…`, tone: 'ok' });
      p.actions.restart(r.name).then(
        () => setMessage({ text: `restarted ${r.name}`, tone: 'ok' }),
        (e: unknown) => setMessage({ text: `restart ${r.name} failed: ${(e as Error).message}`, tone: 'bad' }),
      );
    }
  };

  useInput(
    (input, key) => {
      // Several plain keys read in one chunk (a fast typist, tmux send-keys) are handled one by one.
      if (input.length > 1 && !key.ctrl && !key.meta) for (const ch of input) onKey(ch, key);
      else onKey(input, key);
    },
    { isActive: isRawModeSupported === true },
  );

  return (
    <Dashboard
      snapshot={snapshot}
      selected={selected}
      offset={currentOffset}
      mode={mode}
      width={columns}
      height={rows}
      // A frame drawn for a new event must not show times from before it (the tick is up to a second old).
      now={Math.max(now, snapshot.lastEventAt ?? 0)}
      {...(message ? { message: message.text, messageTone: message.tone } : {})}
    />
  );
}

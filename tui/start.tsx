// @jsxRuntime automatic
// @jsxImportSource react
// (the pragmas keep JSX working when tsx runs these files with no tsconfig in reach, e.g. from another cwd)
// Mounts the dashboard on a terminal. Loaded lazily (src/cli/progress.ts) so nothing else pays for
// React and Ink. Ink restores the terminal (raw mode, cursor, alternate screen) on unmount and on process exit,
// crashes included (it unmounts from an exit hook).
import { render } from 'ink';
import type { EventSink } from '../src/events/types.js';
import { DashboardApp, type DashboardActions } from './DashboardApp.js';
import { SnapshotStore } from './store.js';
import { makeTheme, ThemeContext } from './theme.js';

export interface DashboardOptions {
  readonly stdout: NodeJS.WriteStream;
  readonly stdin?: NodeJS.ReadStream;
  readonly color: boolean;
  /** Full screen (alternate buffer) until the user quits: `status --watch`, `up --watch`. */
  readonly fullscreen: boolean;
  readonly actions?: DashboardActions;
}

export interface DashboardHandle {
  readonly sink: EventSink;
  /** Settles when the user quits (q, Esc, Ctrl-C). */
  readonly quit: Promise<void>;
  /** Renders the last frame and gives the terminal back. */
  close(): Promise<void>;
}

export function startDashboard(o: DashboardOptions): DashboardHandle {
  const store = new SnapshotStore();
  let resolveQuit!: () => void;
  const quit = new Promise<void>((r) => (resolveQuit = r));
  const app = render(
    <ThemeContext value={makeTheme(o.color)}>
      <DashboardApp
        store={store}
        onQuit={() => resolveQuit()}
        fill={o.fullscreen}
        {...(o.actions ? { actions: o.actions } : {})}
      />
    </ThemeContext>,
    {
      stdout: o.stdout,
      ...(o.stdin ? { stdin: o.stdin } : {}),
      stderr: o.stdout,
      exitOnCtrlC: false,
      patchConsole: false,
      alternateScreen: o.fullscreen,
      // Ink would treat CI as non-interactive; the caller has decided this is a terminal.
      interactive: true,
      // Only the lines that changed are written: a status change or a clock tick touches one or two rows.
      incrementalRendering: true,
      // Ink's own throttle (30 fps by default) would hold a status change back up to 33 ms; the store already
      // gathers bursts into one frame.
      maxFps: 60,
    },
  );
  let closed = false;
  return {
    sink: store,
    quit,
    async close() {
      if (closed) return;
      closed = true;
      // The last events must reach the screen before it is given back.
      store.flush();
      store.close();
      await new Promise((r) => setTimeout(r, 0));
      await app.waitUntilRenderFlush();
      app.unmount();
      await app.waitUntilExit().catch(() => undefined);
    },
  };
}

// Which renderer shows the event stream, and the one function commands call: startProgress(io, options) gives
// a sink to emit into at once and done() to finish. The dashboard (tui/) is imported only when a terminal
// will show it; until it is loaded, events are kept and replayed, so nothing emitted early is lost.
import type { CliIO } from './io.js';
import { OhEnvError } from '../errors.js';
import { ndjsonSink } from '../events/render-ndjson.js';
import { plainSink } from '../events/render-plain.js';
import type { EventSink, OhEnvEvent } from '../events/types.js';

export const PROGRESS_MODES = ['tty', 'plain', 'json'] as const;
export type ProgressMode = (typeof PROGRESS_MODES)[number];

export interface ProgressOptions {
  /** `--json`: NDJSON events on stdout. */
  readonly json: boolean;
  /** `--progress plain|tty|json`: overrides the choice. */
  readonly progress?: string | undefined;
  /** Colours for plain lines and the dashboard (the command context's `color`, which honours NO_COLOR). */
  readonly color?: boolean;
  /** Keep the dashboard full screen until the user quits (`--watch`). */
  readonly watch?: boolean;
  /** Plain output prints container log lines too (`status --watch`). */
  readonly logs?: boolean;
  /** What the dashboard's keys do to the environment (restart) or the source (follow logs). */
  readonly actions?: {
    restart?(resource: string): Promise<void>;
    followLogs?(resource: string): void;
  };
}

export interface Progress {
  readonly mode: ProgressMode;
  readonly sink: EventSink;
  /** Settles when the user quits the dashboard (q, Esc, Ctrl-C); never in plain or NDJSON mode. */
  readonly quit: Promise<void>;
  /** Flushes and gives the terminal back; in watch mode on a terminal, first waits for the user to quit. */
  done(): Promise<void>;
}

const truthy = (v: string | undefined): boolean => v !== undefined && v !== '' && v !== '0' && v !== 'false';

export function progressMode(io: CliIO, o: Pick<ProgressOptions, 'json' | 'progress'>): ProgressMode {
  if (o.progress !== undefined) {
    if (!(PROGRESS_MODES as readonly string[]).includes(o.progress))
      throw new OhEnvError('E_USAGE', `unknown --progress "${o.progress}"`, {
        hint: `use one of ${PROGRESS_MODES.join(', ')}`,
      });
    return o.progress as ProgressMode;
  }
  if (o.json) return 'json';
  if (truthy(io.env.CI) || io.stderr.isTTY !== true || io.env.TERM === 'dumb') return 'plain';
  return 'tty';
}

const never = new Promise<void>(() => undefined);

export function startProgress(io: CliIO, o: ProgressOptions): Progress {
  const mode = progressMode(io, o);
  const color = o.color ?? (io.env.NO_COLOR === undefined && io.stderr.isTTY === true);
  if (mode === 'json') return { mode, sink: ndjsonSink(io.stdout), quit: never, done: async () => undefined };
  const plain = (): EventSink => plainSink(io.stderr, { color, logs: o.logs ?? false });
  if (mode === 'plain') return { mode, sink: plain(), quit: never, done: async () => undefined };

  const pending: OhEnvEvent[] = [];
  let target: EventSink | undefined;
  let resolveQuit!: () => void;
  const quit = new Promise<void>((r) => (resolveQuit = r));
  // React's development build is several times slower and larger; it reads NODE_ENV when first loaded.
  process.env.NODE_ENV ??= 'production';
  const loading = import('../../tui/start.js').then(({ startDashboard }) => {
    const d = startDashboard({
      stdout: io.stderr as NodeJS.WriteStream,
      ...(io.stdin ? { stdin: io.stdin } : {}),
      color,
      fullscreen: o.watch === true,
      ...(o.actions ? { actions: o.actions } : {}),
    });
    target = d.sink;
    for (const e of pending.splice(0)) d.sink.emit(e);
    void d.quit.then(async () => {
      // Leaving the dashboard during `up` leaves the work running: what follows prints as plain lines.
      // Leaving a watch is the end: nothing more to show.
      await d.close();
      target = o.watch ? { emit: () => undefined } : plain();
      resolveQuit();
    });
    return d;
  });
  return {
    mode,
    sink: {
      emit(e) {
        if (target) target.emit(e);
        else pending.push(e);
      },
    },
    quit,
    async done() {
      const d = await loading;
      if (o.watch) await quit;
      await d.close();
    },
  };
}

// Plain progress lines, for logs and CI: one line per thing that happened, nothing redrawn. Resource lines are
// printed only when what a reader cares about changes (state, health, exit), so a chatty stream stays short.
import { paint, type Style } from './paint.js';
import { formatDuration, stateLabel, type StateTone } from './format.js';
import { emptySnapshot, reduce, type Snapshot } from './reducer.js';
import type { EventSink, OhEnvEvent, OutStream } from './types.js';

export interface PlainOptions {
  readonly color: boolean;
  /** Print container log lines (`status --watch`); `up` shows them only in errors. */
  readonly logs?: boolean;
}

const TONE: Readonly<Record<StateTone, Style>> = { ok: 'green', progress: 'cyan', bad: 'red', muted: 'dim' };

/** The line an event prints, given the snapshot before and after it; undefined prints nothing. */
export function plainLine(e: OhEnvEvent, before: Snapshot, after: Snapshot, o: PlainOptions): string | undefined {
  const c = (style: Style, t: string): string => paint(o.color, style, t);
  switch (e.type) {
    case 'run.started':
      return `${c('bold', `oh-env ${e.command} ${e.target}`)}: ${e.env} on ${e.context}`;
    case 'run.ended':
      return e.ok
        ? `${c('green', 'done')} in ${formatDuration(e.durationMs)}: ${e.summary}`
        : `${c('red', 'failed')} after ${formatDuration(e.durationMs)}: ${e.summary}`;
    case 'step.started':
      return `${c('cyan', '→')} ${e.title}`;
    case 'step.progressed': {
      const step = after.steps.find((s) => s.id === e.id);
      const pct = e.fraction !== undefined ? ` (${Math.round(e.fraction * 100)}%)` : '';
      return `  ${c('dim', `${step?.title ?? e.id}: ${e.message}${pct}`)}`;
    }
    case 'step.ended': {
      const step = after.steps.find((s) => s.id === e.id);
      const title = step?.title ?? e.id;
      const msg = e.message ? `: ${e.message}` : '';
      return e.ok
        ? `${c('green', '✔')} ${title} ${c('dim', `(${formatDuration(e.durationMs)})`)}${msg}`
        : `${c('red', '✖')} ${title} ${c('dim', `(${formatDuration(e.durationMs)})`)}${msg}`;
    }
    case 'resource.status': {
      const prev = before.resources.find((r) => r.name === e.resource);
      const now = after.resources.find((r) => r.name === e.resource);
      if (!now) return undefined;
      if (prev && prev.state === now.state && prev.health === now.health && prev.exitCode === now.exitCode)
        return undefined;
      const label = stateLabel(now);
      const extra = [
        now.health && now.health !== now.state ? `health ${now.health}` : undefined,
        now.reason,
        now.url ?? (now.ports.length > 0 ? now.ports.join(', ') : undefined),
      ].filter((x) => x !== undefined && x !== '');
      return `  ${c(TONE[label.tone], `${label.symbol} ${label.text}`)} ${now.kind} ${c('bold', now.name)}${
        extra.length > 0 ? c('dim', ` (${extra.join('; ')})`) : ''
      }`;
    }
    case 'resource.stats':
      return undefined;
    case 'log':
      return o.logs ? `${c('dim', `${e.resource} |`)} ${e.line}` : undefined;
    case 'warning':
      return `${c('yellow', 'warning')}: ${e.resource ? `${e.resource}: ` : ''}${e.message}${e.hint ? c('dim', ` (${e.hint})`) : ''}`;
    case 'error':
      return `${c('red', `error ${e.code}`)}: ${e.resource ? `${e.resource}: ` : ''}${e.message}${e.hint ? c('dim', ` (${e.hint})`) : ''}`;
  }
}

/** A sink printing plain lines to `out` (stderr for progress). */
export function plainSink(out: OutStream, o: PlainOptions): EventSink & { snapshot(): Snapshot } {
  let s = emptySnapshot;
  return {
    emit(e) {
      const before = s;
      s = reduce(s, e);
      const line = plainLine(e, before, s, o);
      if (line !== undefined) out.write(`${line}\n`);
    },
    snapshot: () => s,
  };
}

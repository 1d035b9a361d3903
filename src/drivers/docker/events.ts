// Docker's event stream for one Compose project, decoded to typed container events, for the status source
// (targets/local/status-source.ts). The engine filters by the project label and by the actions that change what the
// dashboard shows (not exec_*: a health check runs one exec per interval). When the stream drops it reconnects
// from the last event's time, so nothing in between is lost.
import type { DockerClient } from './client.js';

/** The actions asked for; Docker matches `health_status` against `health_status: healthy` and the like. */
export const WATCHED_ACTIONS = [
  'create',
  'start',
  'restart',
  'die',
  'oom',
  'health_status',
  'pause',
  'unpause',
  'destroy',
  'rename',
] as const;

export interface DockerContainerEvent {
  readonly id: string;
  readonly action: string;
  /** health_status: healthy / unhealthy / starting. */
  readonly health?: string;
  readonly exitCode?: number;
  readonly service?: string;
  /** Nanoseconds since the epoch. */
  readonly timeNano: number;
}

interface RawEvent {
  Type?: string;
  Action?: string;
  status?: string;
  id?: string;
  time?: number;
  timeNano?: number;
  Actor?: { ID?: string; Attributes?: Record<string, string> };
}

/** One line of the engine's JSON stream; undefined for what is not a container event. */
export function decodeEvent(line: string): DockerContainerEvent | undefined {
  let raw: RawEvent;
  try {
    raw = JSON.parse(line) as RawEvent;
  } catch {
    return undefined;
  }
  if (raw.Type !== undefined && raw.Type !== 'container') return undefined;
  const fullAction = raw.Action ?? raw.status ?? '';
  const id = raw.Actor?.ID ?? raw.id;
  if (!id || !fullAction) return undefined;
  const [action, detail] = fullAction.split(/:\s*/, 2) as [string, string | undefined];
  const attrs = raw.Actor?.Attributes ?? {};
  const exit = attrs.exitCode;
  return {
    id,
    action,
    ...(action === 'health_status' && detail ? { health: detail.trim() } : {}),
    ...(exit !== undefined && /^-?\d+$/.test(exit) ? { exitCode: Number(exit) } : {}),
    ...(attrs['com.docker.compose.service'] ? { service: attrs['com.docker.compose.service'] } : {}),
    timeNano: raw.timeNano ?? (raw.time ?? 0) * 1e9,
  };
}

/** Splits a byte stream into lines, keeping a partial line for the next chunk. */
export class LineSplitter {
  private rest = '';
  push(chunk: Buffer | string): string[] {
    const text = this.rest + chunk.toString();
    const lines = text.split('\n');
    this.rest = lines.pop() ?? '';
    return lines.filter((l) => l.trim() !== '');
  }
}

export interface ProjectEvents {
  close(): void;
}

export interface FollowOptions {
  /** Told when the stream drops (before reconnecting) — the source re-reads the project then. */
  readonly onReconnect?: () => void;
  readonly onError?: (e: unknown) => void;
  readonly retryMs?: number;
}

/** Follows the project's container events until close(). Resolves once the engine is streaming. */
export async function followProjectEvents(
  client: DockerClient,
  project: string,
  onEvent: (e: DockerContainerEvent) => void,
  o: FollowOptions = {},
): Promise<ProjectEvents> {
  let closed = false;
  let current: (NodeJS.ReadableStream & { destroy?: () => void }) | undefined;
  let lastNano = 0;
  let timer: NodeJS.Timeout | undefined;

  const connect = async (): Promise<void> => {
    const filters = JSON.stringify({
      type: ['container'],
      label: [`com.docker.compose.project=${project}`],
      event: [...WATCHED_ACTIONS],
    });
    const since = lastNano > 0 ? (lastNano / 1e9).toFixed(9) : undefined;
    const stream = await client.open({ path: '/events', query: { filters, since } });
    if (closed) {
      stream.destroy();
      return;
    }
    current = stream;
    const lines = new LineSplitter();
    stream.on('data', (chunk: Buffer) => {
      for (const line of lines.push(chunk)) {
        const e = decodeEvent(line);
        // After a reconnect the engine replays from `since`, inclusive: skip what was already seen.
        if (!e || e.timeNano <= lastNano) continue;
        lastNano = e.timeNano;
        onEvent(e);
      }
    });
    const dropped = (): void => {
      if (closed || current !== stream) return;
      current = undefined;
      timer = setTimeout(() => {
        o.onReconnect?.();
        connect().catch((err: unknown) => {
          o.onError?.(err);
          dropped();
        });
      }, o.retryMs ?? 1000);
    };
    stream.on('end', dropped);
    stream.on('close', dropped);
    stream.on('error', (err) => {
      o.onError?.(err);
      dropped();
    });
  };
  await connect();
  return {
    close() {
      closed = true;
      if (timer) clearTimeout(timer);
      current?.destroy?.();
      current = undefined;
    },
  };
}

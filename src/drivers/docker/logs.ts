// Container logs: the last lines (for error messages and `oh-env logs --tail`) and a follow stream. Docker
// multiplexes stdout and stderr of a non-TTY container in frames with an 8-byte header; this splits them.
import type { DockerClient } from './client.js';
import { LineSplitter } from './events.js';
import { followUntilAbort } from './follow.js';

export interface LogLine {
  readonly stream: 'stdout' | 'stderr';
  readonly line: string;
}

/** Splits Docker's multiplexed frames; keeps a partial frame for the next chunk. */
export class FrameDecoder {
  private pending = Buffer.alloc(0);
  private partial: Record<'stdout' | 'stderr', string> = { stdout: '', stderr: '' };

  push(chunk: Buffer): LogLine[] {
    this.pending = Buffer.concat([this.pending, chunk]);
    const out: LogLine[] = [];
    while (this.pending.length >= 8) {
      const type = this.pending[0];
      const size = this.pending.readUInt32BE(4);
      if (this.pending.length < 8 + size) break;
      const stream = type === 2 ? 'stderr' : 'stdout';
      const text = this.partial[stream] + this.pending.subarray(8, 8 + size).toString('utf8');
      this.pending = this.pending.subarray(8 + size);
      const lines = text.split('\n');
      this.partial[stream] = lines.pop() ?? '';
      for (const line of lines) out.push({ stream, line: line.replace(/\r$/, '') });
    }
    return out;
  }

  end(): LogLine[] {
    const out: LogLine[] = [];
    for (const stream of ['stdout', 'stderr'] as const)
      if (this.partial[stream] !== '') out.push({ stream, line: this.partial[stream] });
    this.partial = { stdout: '', stderr: '' };
    return out;
  }
}

export const logsPath = (id: string): string => `/containers/${encodeURIComponent(id)}/logs`;

/** The last `tail` lines a container wrote (both streams, in order). */
export async function tailLogs(client: DockerClient, id: string, tail: number): Promise<LogLine[]> {
  const stream = await client.open({ path: logsPath(id), query: { stdout: true, stderr: true, tail } });
  const dec = new FrameDecoder();
  const lines: LogLine[] = [];
  for await (const chunk of stream) lines.push(...dec.push(chunk as Buffer));
  return [...lines, ...dec.end()];
}

/**
 * Streams a container's logs until the signal aborts or the container stops (then it resolves). A TTY
 * container's log is one raw stream (`tty`); others are multiplexed in frames.
 */
export async function followLogs(
  client: DockerClient,
  id: string,
  opts: { tail?: number; follow: boolean; signal?: AbortSignal; tty?: boolean },
  onLine: (l: LogLine) => void,
): Promise<void> {
  if (!opts.follow) {
    for (const l of await tailLogs(client, id, opts.tail ?? 100_000)) onLine(l);
    return;
  }
  const stream = await client.open({
    path: logsPath(id),
    query: { stdout: true, stderr: true, follow: true, tail: opts.tail },
  });
  if (opts.tty) {
    const lines = new LineSplitter();
    const raw = (line: string): void => onLine({ stream: 'stdout', line: line.replace(/\r$/, '') });
    return followUntilAbort(stream, opts.signal, (c) => lines.push(c).forEach(raw));
  }
  const dec = new FrameDecoder();
  return followUntilAbort(
    stream,
    opts.signal,
    (c) => dec.push(c).forEach(onLine),
    () => dec.end().forEach(onLine),
  );
}

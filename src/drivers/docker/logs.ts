// Container logs: the last lines (for error messages and `oh-env logs --tail`) and a follow stream. Docker
// multiplexes stdout and stderr of a non-TTY container in frames with an 8-byte header; this splits them.
import type { DockerClient } from './client.js';

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

/** Streams a container's logs until the signal aborts or the container stops (then it resolves). */
export async function followLogs(
  client: DockerClient,
  id: string,
  opts: { tail?: number; follow: boolean; signal?: AbortSignal },
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
  const dec = new FrameDecoder();
  await new Promise<void>((resolve, reject) => {
    const stop = (): void => {
      stream.destroy?.();
      resolve();
    };
    opts.signal?.addEventListener('abort', stop, { once: true });
    stream.on('data', (c: Buffer) => dec.push(c).forEach(onLine));
    stream.on('end', () => {
      dec.end().forEach(onLine);
      opts.signal?.removeEventListener('abort', stop);
      resolve();
    });
    stream.on('error', (e) => (opts.signal?.aborted ? resolve() : reject(e)));
  });
}

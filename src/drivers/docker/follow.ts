// Following one of the engine's long-lived answers (logs, stats) until the caller lets go: the one place that
// knows how such a stream ends — the caller's signal aborts (the stream is destroyed), or the engine ends it
// (the container stopped), or it breaks.
import type { EngineStream } from './client.js';

/**
 * Feeds each chunk to `onData` until the signal aborts or the engine ends the stream, then resolves; `onEnd`
 * runs when the engine ended it (not on abort), for a decoder's last partial line. A broken stream rejects,
 * unless the signal aborted first. The abort listener is let go in every case.
 */
export function followUntilAbort(
  stream: EngineStream,
  signal: AbortSignal | undefined,
  onData: (chunk: Buffer) => void,
  onEnd?: () => void,
): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    let settled = false;
    const settle = (why: 'abort' | 'end' | Error): void => {
      if (settled) return;
      settled = true;
      signal?.removeEventListener('abort', abort);
      if (why === 'abort') stream.destroy();
      else if (why === 'end') onEnd?.();
      if (why instanceof Error && !signal?.aborted) reject(why);
      else resolve();
    };
    const abort = (): void => settle('abort');
    if (signal?.aborted) return settle('abort');
    signal?.addEventListener('abort', abort, { once: true });
    stream.on('data', onData);
    stream.on('end', () => settle('end'));
    stream.on('close', () => settle('end'));
    stream.on('error', (e: Error) => settle(e));
  });
}

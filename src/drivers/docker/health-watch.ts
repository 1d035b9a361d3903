// The container events `up` waits on (start, die with exit code, health_status), from Docker's event stream
// filtered by the Compose project label. The dashboard reads the same stream for its own purpose
// (events.ts); this one only serves the waits of `up`.
import type { DockerClient } from './client.js';

export interface ContainerEvent {
  readonly id: string;
  readonly action: 'create' | 'start' | 'die' | 'health_status' | 'destroy' | 'oom' | 'kill' | 'stop' | 'restart';
  /** health_status: healthy / unhealthy. */
  readonly health?: string;
  readonly exitCode?: number;
  /** Nanoseconds since the epoch (Docker's timeNano). */
  readonly timeNano: number;
  readonly service?: string;
}

export interface ContainerEventStream {
  close(): void;
}

/** Streams container events of one Compose project. Resolves once the engine is sending. */
export async function watchProject(
  client: DockerClient,
  project: string,
  onEvent: (e: ContainerEvent) => void,
): Promise<ContainerEventStream> {
  const d = await client.sdk();
  const stream = (await d.getEvents({
    filters: { type: ['container'], label: [`com.docker.compose.project=${project}`] },
  })) as NodeJS.ReadableStream & { destroy?: () => void };
  let buf = '';
  stream.on('data', (chunk: Buffer) => {
    buf += chunk.toString('utf8');
    let nl: number;
    while ((nl = buf.indexOf('\n')) >= 0) {
      const line = buf.slice(0, nl).trim();
      buf = buf.slice(nl + 1);
      if (!line) continue;
      try {
        const e = JSON.parse(line) as {
          id: string;
          Action?: string;
          status?: string;
          timeNano: number;
          Actor?: { Attributes?: Record<string, string> };
        };
        const action = (e.Action ?? e.status ?? '').split(':')[0]!.trim();
        const attrs = e.Actor?.Attributes ?? {};
        const health = /^health_status: (.+)$/.exec(e.Action ?? e.status ?? '')?.[1];
        onEvent({
          id: e.id,
          action: action as ContainerEvent['action'],
          ...(health ? { health } : {}),
          ...(attrs.exitCode !== undefined ? { exitCode: Number(attrs.exitCode) } : {}),
          timeNano: e.timeNano,
          ...(attrs['com.docker.compose.service'] ? { service: attrs['com.docker.compose.service'] } : {}),
        });
      } catch {
        // A line that is not JSON is not an event.
      }
    }
  });
  stream.on('error', () => undefined);
  return { close: () => stream.destroy?.() };
}

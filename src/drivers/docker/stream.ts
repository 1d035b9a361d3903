// Long-lived GET streams from the engine (events, stats, logs), through the client's transport.
import type { DockerClient, EngineStream } from './client.js';

/** Opens `GET path` (query string included) as a stream; rejects on a non-2xx answer with the engine's message. */
export function openStream(client: DockerClient, path: string): Promise<EngineStream> {
  const [p, q] = path.split('?', 2) as [string, string | undefined];
  return client.open({ path: p, ...(q ? { query: Object.fromEntries(new URLSearchParams(q)) } : {}) });
}

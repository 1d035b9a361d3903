// Long-lived GET streams from the engine (events, stats, logs) over node:http on the engine's socket, like the
// client's light GET path: a dashboard that follows 20 containers should not load the SDK for it (dockerode
// alone adds ~30 MB resident). Engines reached over TLS or ssh go through the SDK's modem instead.
import { request, type IncomingMessage } from 'node:http';
import type { DockerClient } from './client.js';

function target(endpoint: string): { socketPath: string } | { host: string; port: number } | undefined {
  if (endpoint.startsWith('unix://')) return { socketPath: endpoint.slice('unix://'.length) };
  const tcp = /^tcp:\/\/([^:/]+)(?::(\d+))?\/?$/.exec(endpoint);
  return tcp ? { host: tcp[1]!, port: Number(tcp[2] ?? 2375) } : undefined;
}

/** Opens `GET path` as a stream; rejects on a non-2xx answer with the engine's message. */
export async function openStream(
  client: DockerClient,
  path: string,
  env: Readonly<Record<string, string | undefined>> = process.env,
): Promise<NodeJS.ReadableStream & { destroy(): void }> {
  const t = env.DOCKER_TLS_VERIFY || env.DOCKER_CERT_PATH ? undefined : target(client.endpoint);
  if (!t) {
    const d = await client.sdk();
    return new Promise((resolve, reject) =>
      d.modem.dial({ path, method: 'GET', isStream: true, statusCodes: { 200: true } }, (err, stream) =>
        err ? reject(err) : resolve(stream as NodeJS.ReadableStream & { destroy(): void }),
      ),
    );
  }
  return new Promise((resolve, reject) => {
    const req = request({ ...t, path, method: 'GET' }, (res: IncomingMessage) => {
      if ((res.statusCode ?? 0) >= 200 && (res.statusCode ?? 0) < 300) return resolve(res);
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => reject(new Error(`GET ${path}: ${res.statusCode} ${body.trim()}`)));
    });
    req.on('error', reject);
    req.end();
  });
}

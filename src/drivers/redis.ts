// The two Redis commands oh-env sends to an emulated Redis (PING to know it is ready, FLUSHALL to reset it),
// spoken as RESP over a plain socket so no Redis client library is needed.
import { connect } from 'node:net';

/** Encodes a command as a RESP array of bulk strings. */
export function encodeCommand(args: readonly string[]): string {
  return `*${args.length}\r\n${args.map((a) => `$${Buffer.byteLength(a)}\r\n${a}\r\n`).join('')}`;
}

/** Sends one command and returns its simple-string reply ("PONG", "OK"); an error reply rejects. */
export function redisCommand(host: string, port: number, args: readonly string[], timeoutMs = 2000): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host, port });
    let reply = '';
    let settled = false;
    const done = (err?: Error, value?: string): void => {
      if (settled) return;
      settled = true;
      socket.destroy();
      if (err) reject(err);
      else resolve(value ?? '');
    };
    socket.setTimeout(timeoutMs, () => done(new Error(`redis ${host}:${port}: no answer within ${timeoutMs} ms`)));
    socket.once('error', (e) => done(e));
    // Docker's port proxy accepts and then closes while the server inside is not listening yet.
    socket.once('close', () => done(new Error(`redis ${host}:${port}: connection closed before a reply`)));
    socket.on('data', (chunk) => {
      reply += chunk.toString('utf8');
      const end = reply.indexOf('\r\n');
      if (end < 0) return;
      const line = reply.slice(0, end);
      if (line.startsWith('+')) done(undefined, line.slice(1));
      else if (line.startsWith('-')) done(new Error(`redis: ${line.slice(1)}`));
      else done(undefined, line);
    });
    socket.once('connect', () => socket.write(encodeCommand(args)));
  });
}

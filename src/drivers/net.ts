// Plain network checks: free loopback ports for the emulators oh-env starts on the host (everything binds to
// 127.0.0.1 only), and whether an address answers HTTP or accepts TCP (health checks asked from the host), and downloads of a
// manifest (the kind ingress controller).
import { get } from 'node:http';
import { get as httpsGet } from 'node:https';
import { connect, createServer } from 'node:net';
import { OhEnvError } from '../errors.js';

export const LOOPBACK = '127.0.0.1';

/** A port that was free a moment ago (the kernel picks it); callers retry when they lose the race. */
export function freePort(host = LOOPBACK): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, host, () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

/** Polls `check` until it resolves true, every `everyMs`, giving up after `timeoutMs`. */
export async function waitUntil(
  check: () => Promise<boolean>,
  { timeoutMs, everyMs = 25, what }: { timeoutMs: number; everyMs?: number; what: string },
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      if (await check()) return;
    } catch (e) {
      last = e;
    }
    if (Date.now() > deadline)
      throw new Error(`${what} not ready after ${timeoutMs} ms${last ? `: ${(last as Error).message}` : ''}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

/**
 * Whether `GET url` answers 2xx or 3xx within timeoutMs: what a kubelet httpGet probe and oh-env's local health
 * checks call healthy. Any failure (refused, reset, timeout) is simply false.
 */
export function httpOk(url: string, timeoutMs: number): Promise<boolean> {
  return new Promise((resolve) => {
    // No keep-alive: a pooled socket to the container would hold the process open after `up` is done.
    const req = get(url, { timeout: timeoutMs, agent: false }, (res) => {
      res.resume();
      resolve((res.statusCode ?? 0) >= 200 && (res.statusCode ?? 0) < 400);
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(false));
  });
}

/** Whether `host:port` accepts a TCP connection within timeoutMs (closed again at once). */
export function tcpOpen(host: string, port: number, timeoutMs: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port, timeout: timeoutMs });
    const done = (ok: boolean): void => {
      socket.destroy();
      resolve(ok);
    };
    socket.once('connect', () => done(true));
    socket.once('timeout', () => done(false));
    socket.once('error', () => done(false));
  });
}

/** The body of `GET url` (a manifest); a failure says which URL and what to do offline. */
export async function download(url: string, timeoutMs = 60_000): Promise<string> {
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
    if (!res.ok) throw new Error(`HTTP ${res.status}`);
    return await res.text();
  } catch (cause) {
    throw new OhEnvError('E_COMMAND_FAILED', `cannot download ${url}: ${(cause as Error).message}`, {
      hint: 'check the network; offline, save the file elsewhere and name it by path (see the option or variable that names this URL)',
      cause,
    });
  }
}

/**
 * The HTTP status of `GET url`, sent with a Host header of its own (an Ingress routes by host, and the host
 * may resolve nowhere but through the ingress, e.g. a *.localtest.me name offline); undefined when nothing
 * answers. Over https the host is also the TLS server name, and the certificate is not checked: this asks
 * whether the address answers, and the certificate an environment serves may be its own self-signed one.
 */
export function httpStatus(url: string, o: { host?: string; timeoutMs: number }): Promise<number | undefined> {
  return new Promise((resolve) => {
    const options = {
      timeout: o.timeoutMs,
      agent: false as const,
      ...(o.host ? { headers: { host: o.host }, servername: o.host } : {}),
      rejectUnauthorized: false,
    };
    const req = (url.startsWith('https:') ? httpsGet : get)(url, options, (res) => {
      res.resume();
      resolve(res.statusCode);
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(undefined));
  });
}

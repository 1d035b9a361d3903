// Shared by the lab's smoke tests: the lab's environment (tools on PATH, kubeconfig, testcontainers offline)
// and small helpers. The smoke tests need `npm run lab -- up` (npm test runs it first).
import { createServer } from 'node:net';
import { labEnv } from '../lab/index.js';

Object.assign(process.env, labEnv());

/** A free TCP port on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const addr = s.address();
      s.close(() => (typeof addr === 'object' && addr ? resolve(addr.port) : reject(new Error('no port'))));
    });
  });
}

/** A name no other test run uses (containers, compose projects, namespaces). */
export const uniqueName = (prefix: string): string =>
  `${prefix}-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;

export const LAB_HINT = 'start the lab first: npm run lab -- up --for e2e';

// One `up` (or `down`) at a time per environment: a lock file beside the secrets file holding the owner's
// pid. A second run refuses clearly, naming the pid; a lock left by a process that no longer exists is
// taken over (a crash or kill -9 never blocks the next run).
import { linkSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { OhEnvError } from '../errors.js';

export interface Lock {
  release(): void;
}

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
};

export function acquireLock(path: string, what: string, envName: string): Lock {
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  for (let attempt = 0; attempt < 2; attempt++) {
    // Written aside, then hard-linked into place: the link is atomic and fails if a lock exists, so no
    // reader ever sees a half-written lock.
    const tmp = `${path}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify({ pid: process.pid, command: what, since: new Date().toISOString() }), {
      mode: 0o600,
    });
    try {
      linkSync(tmp, path);
      return {
        release: () => {
          try {
            const owner = JSON.parse(readFileSync(path, 'utf8')) as { pid: number };
            if (owner.pid === process.pid) rmSync(path, { force: true });
          } catch {
            // already gone
          }
        },
      };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      let owner: { pid?: number; command?: string; since?: string } = {};
      try {
        owner = JSON.parse(readFileSync(path, 'utf8')) as typeof owner;
      } catch {
        // unreadable: not written by oh-env, or gone meanwhile; treated as stale
      }
      if (owner.pid !== undefined && owner.pid !== process.pid && alive(owner.pid))
        throw new OhEnvError(
          'E_LOCKED',
          `another oh-env ${owner.command ?? 'run'} (pid ${owner.pid}, since ${owner.since ?? '?'}) is working on environment "${envName}"`,
          {
            hint: `wait for it to finish (or stop it with Ctrl-C), then run this again; if no such process exists, delete ${path}`,
          },
        );
      rmSync(path, { force: true }); // stale: its owner is gone
    } finally {
      rmSync(tmp, { force: true });
    }
  }
  throw new OhEnvError('E_LOCKED', `could not take the lock ${path}`, { hint: `delete ${path} and try again` });
}

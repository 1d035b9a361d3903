// A terminal for e2e tests: a private tmux server (its own socket, so nothing else's sessions are touched)
// running one command at a fixed size; keys are sent and the screen read as text.
import { execa } from 'execa';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface Terminal {
  /** The private tmux server's socket path (`tmux -S <socket>`). */
  readonly socket: string;
  /** The visible screen, one string per line. */
  screen(): Promise<string[]>;
  keys(...keys: string[]): Promise<void>;
  /** Polls the screen until `check` accepts it; fails with the last screen after `timeoutMs`. */
  waitFor(what: string, check: (lines: string[]) => boolean, timeoutMs?: number): Promise<string[]>;
  /** Stops the tmux server (and whatever still runs in it). */
  close(): Promise<void>;
}

export async function terminal(
  command: string,
  o: { cwd: string; env: Record<string, string | undefined>; columns: number; rows: number },
): Promise<Terminal> {
  // The socket lives in a directory of its own, removed on close.
  const dir = mkdtempSync(join(tmpdir(), 'oh-env-tmux-'));
  const socket = join(dir, 'tmux.sock');
  const tmux = (args: string[]) =>
    execa('tmux', ['-S', socket, '-f', '/dev/null', ...args], { cwd: o.cwd, env: o.env });
  await tmux([
    'new-session',
    '-d',
    '-x',
    String(o.columns),
    '-y',
    String(o.rows),
    '-s',
    'main',
    // The pane stays after the command ends, so its last screen and exit status can be read.
    `${command}; echo "EXIT=$?"; sleep 600`,
  ]);
  const t: Terminal = {
    socket,
    async screen() {
      return (await tmux(['capture-pane', '-p', '-t', 'main'])).stdout.split('\n');
    },
    async keys(...keys) {
      for (const k of keys) {
        await tmux(['send-keys', '-t', 'main', k]);
        await new Promise((r) => setTimeout(r, 150));
      }
    },
    async waitFor(what, check, timeoutMs = 30_000) {
      const t0 = Date.now();
      let last: string[];
      for (;;) {
        last = await t.screen();
        if (check(last)) return last;
        if (Date.now() - t0 > timeoutMs)
          throw new Error(`waited ${timeoutMs} ms for ${what}; the screen:\n${last.join('\n')}`);
        await new Promise((r) => setTimeout(r, 250));
      }
    },
    async close() {
      await tmux(['kill-server']).catch(() => undefined);
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return t;
}

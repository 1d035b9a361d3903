import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runInBackground } from '../drivers/exec.js';

const ROOT = new URL('../..', import.meta.url).pathname;

// In a child process: the first SIGINT aborts the run's signal and the process lives on; the second ends it
// as SIGINT does (no process.exit in the CLI).
const CHILD = `
import { trapInterrupts } from './src/cli/main.ts';
const ac = new AbortController();
trapInterrupts(ac, { write: () => true });
ac.signal.addEventListener('abort', () => console.log('aborted: ' + ac.signal.reason.message));
console.log('ready');
setInterval(() => {}, 1000);
`;

test('a first Ctrl-C aborts the command; a second ends the process by the signal', async () => {
  const child = await runInBackground(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', CHILD], {
    cwd: ROOT,
  });
  const until = async (line: string): Promise<void> => {
    for (let i = 0; i < 300 && !child.output().includes(line); i++) await new Promise((r) => setTimeout(r, 20));
    assert.ok(child.output().includes(line), `no "${line}" in: ${child.output().join(' | ')}`);
  };
  try {
    await until('ready');
    process.kill(child.pid!, 'SIGINT');
    await until('aborted: interrupted');
    process.kill(child.pid!, 'SIGINT');
    const code = await Promise.race([child.exited, new Promise((r) => setTimeout(() => r('alive'), 5000))]);
    assert.equal(code, undefined, 'ended by the signal, not an exit code');
  } finally {
    await child.stop();
  }
});

// How the doc test runs each documented command. Every command is run as written and must exit 0, unless one
// of these tables says otherwise. A command that is on none of them and fails, fails the test; an entry whose
// command no longer appears in any document fails the test too (scripts/doc-commands.test.ts), so the tables
// never outlive the docs.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DocCommand } from './extract.js';

/** The ONE allow-list: commands the test must not run, each with the reason. Keyed by the exact command. */
export const SKIPPED: Readonly<Record<string, string>> = {
  'npm run lab -- up --for all':
    "the kind set is built by `npm run test:kind`, which runs docs/kind.md's flow in e2e/lab-kind",
  'oh-env up kind -f fixtures/demo/oh-env.yaml':
    'real-kind runs are in `npm run test:kind` (e2e/lab-kind/up-kind.test.ts), not in npm test yet',
  'oh-env ps kind -f fixtures/demo/oh-env.yaml': 'needs the cluster of the command before it (npm run test:kind)',
  'oh-env down kind --cluster -f fixtures/demo/oh-env.yaml':
    'needs the cluster of the command before it (npm run test:kind)',
  'npm ci': 'reinstalls node_modules under the running tests; .ci/run runs it on a fresh clone before npm test',
  'npm test': 'this test runs inside npm test',
  'npm run lab -- down': 'stops the control plane and dockerd that the other e2e tests of this run use',
  'docker compose --env-file "${XDG_CONFIG_HOME:-$HOME/.config}/oh-env/<env>/secrets.env" up -d --wait':
    '<env> is a placeholder, and the root docker-compose.yml needs the OpenHands images, which cannot exist offline',
};

/** Commands that fail on purpose in the docs: the exit code the doc promises (its output is compared too). */
export const EXPECTED_EXIT: Readonly<Record<string, number>> = {
  'oh-env validate -f fixtures/invalid-undeclared-refs.yaml': 2,
};

export interface RunningCheck {
  readonly stdout: string;
  readonly stderr: string;
  /** The command's working directory (for output redirected to a file). */
  readonly cwd: string;
}

/**
 * Commands that run until they are stopped (Ctrl-C): the test starts each one, waits until `ready` says it
 * printed what the doc promises, then sends SIGINT and expects it to end by itself. `untilEndOfBlock` keeps it
 * running for the next commands of the same code block ("in another shell"), and stops it after them.
 */
export interface LongRunning {
  readonly match: (command: string) => boolean;
  readonly what: string;
  readonly ready: (o: RunningCheck) => boolean | Promise<boolean>;
  readonly untilEndOfBlock?: boolean;
}

const fileHas = (cwd: string, file: string, re: RegExp): boolean =>
  existsSync(join(cwd, file)) && re.test(readFileSync(join(cwd, file), 'utf8'));

export const LONG_RUNNING: readonly LongRunning[] = [
  {
    match: (c) => /\blogs\b.*--follow\b/.test(c),
    what: 'log lines',
    ready: (o) => o.stdout.trim().length > 0,
  },
  {
    match: (c) => /\boh-env emulate\b/.test(c) && /> *\.env\.emulate\b/.test(c),
    what: 'the env written to .env.emulate',
    ready: (o) => /emulators running/.test(o.stderr) && fileHas(o.cwd, '.env.emulate', /^DB_HOST=/m),
    untilEndOfBlock: true,
  },
  {
    match: (c) => /\boh-env emulate\b/.test(c),
    what: "the app's env on stdout",
    ready: (o) => /emulators running/.test(o.stderr) && /^DB_HOST=/m.test(o.stdout),
  },
  {
    // The demo app against the emulators: it must answer /ready (Postgres, Redis and the bucket reached).
    match: (c) => /\bdocker run\b.*oh-env-lab\/demo-app:/.test(c),
    what: 'the demo app answering /ready',
    ready: async (o) => {
      const port = /listening on :(\d+)/.exec(o.stdout + o.stderr)?.[1];
      if (!port) return false;
      const res = await fetch(`http://127.0.0.1:${port}/ready`, { signal: AbortSignal.timeout(3000) }).catch(
        () => undefined,
      );
      return res?.status === 200;
    },
  },
];

/** Dashboards: run under tmux, ready when the header says so, then quit with q (exit 0). */
export const isDashboard = (command: string): boolean =>
  /\b(status|up)\b.*--watch\b/.test(command) && !/--json|--progress (plain|json)|\|/.test(command);

export type Kind = 'skip' | 'dashboard' | 'long' | 'run';

export function classify(c: DocCommand): Kind {
  if (c.command in SKIPPED) return 'skip';
  if (isDashboard(c.command)) return 'dashboard';
  if (LONG_RUNNING.some((l) => l.match(c.command))) return 'long';
  return 'run';
}

export const longRunning = (command: string): LongRunning | undefined => LONG_RUNNING.find((l) => l.match(command));

// The offline lab: `npm run lab -- <command>`.
//   up [--for demo|e2e|kind|all] [--verbose]  provision what is missing (default: e2e), idempotent
//   status [--json]                       each component: present, running, version, detail
//   down                                  stop what the lab started (control plane; dockerd if it started it)
//   env [--json]                          the variables a shell or test needs (eval "$(npm run -s lab -- env)")
import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { stopCluster } from './cluster.js';
import { stopLabDockerd } from './engine.js';
import { shellQuote } from './exec.js';
import { labEnv, labPaths } from './paths.js';
import { plan, PURPOSES, type Purpose } from './plan.js';
import { runSteps } from './runner.js';
import { processRuns } from './state.js';
import { labStatus, statusTable } from './status.js';

const USAGE = `usage: npm run lab -- <command>
  up [--for demo|e2e|kind|all] [--verbose]
                                       provision what is missing (default: e2e); demo = engine + images only;
                                       kind = demo + a kind node image; all = e2e + kind
  status [--json]                      present / running / version of each component, kubeconfig path
  down                                 stop the control plane, and dockerd if the lab started it
  env [--json]                         variables for a shell or a test: eval "$(npm run -s lab -- env)"
cache: $OH_ENV_LAB_CACHE (default ~/.cache/oh-env)`;

/** One `lab up` at a time per cache dir: a second one waits for the first. */
async function withLock<T>(fn: () => Promise<T>): Promise<T> {
  const lock = join(labPaths().labDir, 'up.lock');
  mkdirSync(labPaths().labDir, { recursive: true });
  let announced = false;
  for (;;) {
    try {
      const fd = openSync(lock, 'wx');
      writeSync(fd, String(process.pid));
      closeSync(fd);
      break;
    } catch {
      const holder = Number(readFileSafe(lock));
      if (!holder || !processRuns(holder, 'node')) {
        rmSync(lock, { force: true });
        continue;
      }
      if (!announced) process.stderr.write(`waiting for another \`lab up\` (pid ${holder}) to finish…\n`);
      announced = true;
      await new Promise((r) => setTimeout(r, 2000));
    }
  }
  try {
    return await fn();
  } finally {
    rmSync(lock, { force: true });
  }
}

function readFileSafe(p: string): string {
  try {
    return readFileSync(p, 'utf8').trim();
  } catch {
    return '';
  }
}

export async function main(argv: readonly string[]): Promise<number> {
  const [command, ...rest] = argv;
  const flag = (name: string): boolean => rest.includes(name);
  switch (command) {
    case 'up': {
      const i = rest.indexOf('--for');
      const purpose = (i >= 0 ? rest[i + 1] : 'e2e') as Purpose;
      if (!PURPOSES.includes(purpose)) {
        process.stderr.write(`unknown --for ${String(purpose)}: use ${PURPOSES.join(', ')}\n${USAGE}\n`);
        return 2;
      }
      const rerun = `npm run lab -- up --for ${purpose}`;
      process.stderr.write(`lab up --for ${purpose} (cache ${labPaths().cacheDir})\n`);
      const r = await withLock(() => runSteps(plan(purpose), { verbose: flag('--verbose'), rerun }));
      return r.ok ? 0 : 1;
    }
    case 'status': {
      const s = await labStatus();
      process.stdout.write(flag('--json') ? `${JSON.stringify(s, null, 2)}\n` : `${statusTable(s)}\n`);
      return 0;
    }
    case 'down': {
      const cluster = await stopCluster();
      process.stderr.write(`control plane: ${cluster}\n`);
      const engine = await stopLabDockerd();
      process.stderr.write(`docker engine: ${engine}\n`);
      return 0;
    }
    case 'env': {
      const env = labEnv();
      process.stdout.write(
        flag('--json')
          ? `${JSON.stringify(env, null, 2)}\n`
          : Object.entries(env)
              .map(([k, v]) => `export ${k}=${shellQuote(v)}\n`)
              .join(''),
      );
      return 0;
    }
    case undefined:
    case 'help':
    case '--help':
    case '-h':
      process.stdout.write(`${USAGE}\n`);
      return command === undefined ? 2 : 0;
    default:
      process.stderr.write(`unknown command ${command}\n${USAGE}\n`);
      return 2;
  }
}

process.exitCode = await main(process.argv.slice(2));

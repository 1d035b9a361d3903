// The CLI as a function: run(argv, io) → exit code. Only bin/oh-env.js calls process.exit.
import { parseArgs } from 'node:util';
import { readFileSync } from 'node:fs';
import { GLOBAL_HELP, GLOBAL_OPTIONS, type Command } from './command.js';
import { COMMANDS } from './commands/index.js';
import { processIO, type CliIO, type OutStream } from './io.js';
import { printError } from './print-error.js';
import { OhEnvError } from '../errors.js';
import { commandHelp, topHelp } from './help.js';
import { signalError } from '../engine/abort.js';

/** The package version; package.json is one level up from the bundle in dist/, two from src/cli. */
export function version(): string {
  for (const rel of ['../package.json', '../../package.json']) {
    try {
      const pkg = JSON.parse(readFileSync(new URL(rel, import.meta.url), 'utf8')) as { name?: string; version: string };
      if (pkg.name === 'oh-env') return pkg.version;
    } catch {
      // not at this depth
    }
  }
  return '0.0.0';
}

const colorWanted = (io: CliIO, noColor: boolean): boolean =>
  !noColor && io.env.NO_COLOR === undefined && io.stderr.isTTY === true && io.env.TERM !== 'dumb';

export async function run(argv: readonly string[], io: CliIO): Promise<number> {
  const [first, ...rest] = argv;
  if (first === undefined || first === '--help' || first === '-h' || first === 'help') {
    const target = first === 'help' ? rest[0] : undefined;
    if (target) return run([target, '--help'], io);
    io.stdout.write(topHelp(version()));
    return first === undefined ? 2 : 0;
  }
  if (first === '--version' || first === '-v' || first === 'version') {
    io.stdout.write(`oh-env ${version()}\n`);
    return 0;
  }
  const entry = COMMANDS.find((c) => c.name === first);
  const jsonWanted = rest.includes('--json');
  if (!entry) {
    return printError(
      io,
      new OhEnvError('E_USAGE', `unknown command "${first}"`, {
        hint: `run \`oh-env --help\` to list commands: ${COMMANDS.map((c) => c.name).join(', ')}`,
      }),
      jsonWanted,
    );
  }
  let command: Command | undefined;
  try {
    command = await entry.load();
    let parsed;
    try {
      parsed = parseArgs({
        args: [...rest],
        options: { ...GLOBAL_OPTIONS, ...command.options },
        allowPositionals: true,
        strict: true,
      });
    } catch (e) {
      throw new OhEnvError('E_USAGE', (e as Error).message, { hint: `run \`oh-env ${command.name} --help\`` });
    }
    const options = parsed.values as Record<string, string | boolean | undefined>;
    if (options.help) {
      io.stdout.write(commandHelp(command, GLOBAL_HELP));
      return 0;
    }
    return await command.run({
      io,
      args: parsed.positionals,
      options,
      json: options.json === true,
      color: colorWanted(io, options['no-color'] === true),
    });
  } catch (e) {
    return printError(io, e, jsonWanted, command);
  }
}

/**
 * Ctrl-C (SIGINT) and SIGTERM abort `controller` with E_INTERRUPTED (exit code 130 or 143, not 2 for bad
 * input): the running command stops cleanly (removes what it started
 * when that is its contract, e.g. `emulate`). A second signal ends the process the way the signal itself would
 * (the handlers are let go and it is raised again), so the shell sees 130/143 and nothing here calls
 * process.exit: only bin/oh-env.js does.
 */
export function trapInterrupts(controller: AbortController, stderr: OutStream = process.stderr): () => void {
  let interrupts = 0;
  const release = (): void => {
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
  };
  function stop(signal: NodeJS.Signals): void {
    interrupts += 1;
    if (interrupts > 1) {
      release();
      process.kill(process.pid, signal);
      return;
    }
    stderr.write(`\n${signal === 'SIGINT' ? 'interrupted' : 'terminated'}: stopping cleanly (again to force)\n`);
    controller.abort(signalError(signal === 'SIGINT' ? 'SIGINT' : 'SIGTERM'));
  }
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  return release;
}

/** Entry point used by bin/oh-env.js: the CLI on the process's streams, interruptible (see trapInterrupts). */
export async function main(argv: readonly string[]): Promise<number> {
  const controller = new AbortController();
  trapInterrupts(controller);
  return run(argv, processIO(controller.signal));
}

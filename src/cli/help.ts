// Help texts, built from the command registry and each command's own option descriptions.
import type { Command, OptionSpec } from './command.js';
import { COMMANDS } from './commands/index.js';

export function topHelp(version: string): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  return [
    `oh-env ${version}: one OpenHands environment model, run the same way on Compose, kind and GKE`,
    '',
    'Usage: oh-env <command> [options]',
    '',
    'Commands:',
    ...COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'Global options:',
    '  -f, --file FILE   model file (default: oh-env.yaml, then envs/openhands.yaml)',
    '      --json        machine-readable output on stdout',
    '      --no-color    no colours (NO_COLOR is honoured too)',
    '  -h, --help        help for oh-env or a command',
    '  -v, --version     print the version',
    '',
    'Environment:',
    '  DOCKER_HOST       the Docker engine for the local target (default: the local socket)',
    '  NO_COLOR          no colours; CI=1 plain progress lines instead of the dashboard',
    '  OH_ENV_CACHE=off  validate the model on every run instead of reusing the last result for',
    '                    unchanged files (kept in $XDG_CACHE_HOME/oh-env/models, default ~/.cache)',
    '',
    'Run `oh-env <command> --help` for a command. Exit codes: 0 ok, 1 failed, 2 invalid input,',
    '130 interrupted (Ctrl-C), 143 terminated (SIGTERM).',
    '',
  ].join('\n');
}

function optionLines(spec: OptionSpec, help: Readonly<Record<string, string>>): string[] {
  return Object.entries(spec).map(([name, o]) => {
    const flag = `${o.short ? `-${o.short}, ` : '    '}--${name}${o.type === 'string' ? ' VALUE' : ''}`;
    return `  ${flag.padEnd(Math.max(26, flag.length + 2))}${help[name] ?? ''}`;
  });
}

export function commandHelp(cmd: Command, globalHelp: Readonly<Record<string, string>>): string {
  const globals: OptionSpec = {
    file: { type: 'string', short: 'f' },
    json: { type: 'boolean' },
    'no-color': { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
  };
  return [
    `Usage: ${cmd.usage}`,
    '',
    cmd.summary.charAt(0).toUpperCase() + cmd.summary.slice(1) + '.',
    '',
    cmd.help.trimEnd(),
    '',
    ...(Object.keys(cmd.options).length ? ['Options:', ...optionLines(cmd.options, cmd.optionHelp), ''] : []),
    'Global options:',
    ...optionLines(globals, globalHelp),
    '',
  ].join('\n');
}

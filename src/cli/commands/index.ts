// Every command, loaded lazily so `oh-env --version` and `--help` import nothing heavy.
import type { Command } from '../command.js';

export interface CommandEntry {
  readonly name: string;
  readonly summary: string;
  readonly load: () => Promise<Command>;
}

export const COMMANDS: readonly CommandEntry[] = [
  {
    name: 'validate',
    summary: 'check a model: schema and semantics, every problem at once',
    load: async () => (await import('./validate.js')).default,
  },
  {
    name: 'render',
    summary: 'render a target: Compose file, kind or GKE manifests',
    load: async () => (await import('./render.js')).default,
  },
  {
    name: 'plan',
    summary: 'what `up` would change on a target: the Compose plan for local, the GCP plan for GKE',
    load: async () => (await import('./plan.js')).default,
  },
  {
    name: 'schema',
    summary: 'print the JSON Schema of the model',
    load: async () => (await import('./schema.js')).default,
  },
  {
    name: 'emulate',
    summary: "run the model's backends as emulators on this machine and print the app's env",
    load: async () => (await import('./emulate.js')).default,
  },
  {
    name: 'up',
    summary: 'start the environment on a target and wait until it is healthy',
    load: async () => (await import('./up.js')).default,
  },
  {
    name: 'down',
    summary: 'stop and remove the environment on a target (data kept unless --volumes)',
    load: async () => (await import('./down.js')).default,
  },
  {
    name: 'ps',
    summary: "list the environment's containers on a target, with state and health",
    load: async () => (await import('./ps.js')).default,
  },
  {
    name: 'logs',
    summary: 'show the logs of one service or of the whole environment',
    load: async () => (await import('./logs.js')).default,
  },
  {
    name: 'status',
    summary: 'what runs: state, health, ports, CPU, memory of every service; --watch for the live dashboard',
    load: async () => (await import('./status.js')).default,
  },
];

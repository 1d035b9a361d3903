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
    summary: 'the GCP provisioning plan for GKE, as a gcloud script or JSON',
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
];

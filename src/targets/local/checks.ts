// The local target's doctor list (`oh-env doctor` runs it): is the Docker engine there, are the model's host
// ports free, does the engine have every image, does every secret have a value in a private file, is the Docker
// Compose CLI there for running the rendered file by hand. Each check loads its module when it runs, so asking
// the adapter for the list costs nothing, and the checks of one list share one engine connection: an engine that
// does not answer costs one timeout, not one per check.
import type { DockerClient } from '../../drivers/docker/client.js';
import type { Check, TargetContext } from '../target.js';
import type { EngineConnection } from './checks/result.js';

export function localChecks(ctx: Pick<TargetContext, 'procEnv'>): readonly Check[] {
  let client: Promise<DockerClient> | undefined;
  const engine: EngineConnection = () =>
    (client ??= import('../../drivers/docker/client.js').then((m) => m.connectDocker(ctx.procEnv)));
  return [
    { name: 'docker-engine', run: async () => (await import('./checks/engine.js')).checkEngine(engine) },
    { name: 'host-ports', run: async (c) => (await import('./checks/host-ports.js')).checkHostPorts(engine, c) },
    { name: 'images', run: async (c) => (await import('./checks/images.js')).checkImages(engine, c) },
    { name: 'secrets', run: async (c) => (await import('./checks/secrets.js')).checkSecrets(c) },
    { name: 'secrets-file', run: async (c) => (await import('./checks/secrets.js')).checkSecretsFile(c) },
    { name: 'compose-cli', run: async (c) => (await import('./checks/compose-cli.js')).checkComposeCli(c) },
  ];
}

// The labels Docker Compose puts on what it creates, so `docker compose ps/logs/down` on the rendered file see
// what oh-env started, and oh-env sees what `docker compose up` started. Names and values match Compose v5
// (checked against `docker compose up` of the rendered file in e2e/local).
export const COMPOSE_VERSION = '5.5.0';

export const L = {
  project: 'com.docker.compose.project',
  service: 'com.docker.compose.service',
  configHash: 'com.docker.compose.config-hash',
  containerNumber: 'com.docker.compose.container-number',
  oneoff: 'com.docker.compose.oneoff',
  configFiles: 'com.docker.compose.project.config_files',
  workingDir: 'com.docker.compose.project.working_dir',
  environmentFile: 'com.docker.compose.project.environment_file',
  version: 'com.docker.compose.version',
  image: 'com.docker.compose.image',
  dependsOn: 'com.docker.compose.depends_on',
  network: 'com.docker.compose.network',
  volume: 'com.docker.compose.volume',
} as const;

/** Compose's container name for the first (only) container of a service. */
export const containerName = (project: string, service: string): string => `${project}-${service}-1`;
export const networkName = (project: string): string => `${project}_default`;
export const volumeName = (project: string, key: string): string => `${project}_${key}`;

export interface ContainerLabelInput {
  readonly project: string;
  readonly service: string;
  readonly configHash: string;
  readonly imageId: string;
  readonly workingDir: string;
  readonly configFile: string;
  /** The env file the secret values come from (Compose labels it when run with --env-file). */
  readonly environmentFile: string;
  /** "name:condition:restart", as Compose writes it. */
  readonly dependsOn: readonly string[];
}

export function containerLabels(i: ContainerLabelInput): Record<string, string> {
  return {
    [L.project]: i.project,
    [L.service]: i.service,
    [L.configHash]: i.configHash,
    [L.containerNumber]: '1',
    [L.oneoff]: 'False',
    [L.configFiles]: i.configFile,
    [L.workingDir]: i.workingDir,
    [L.environmentFile]: i.environmentFile,
    [L.version]: COMPOSE_VERSION,
    [L.image]: i.imageId,
    [L.dependsOn]: i.dependsOn.join(','),
  };
}

export const networkLabels = (project: string, configHash: string): Record<string, string> => ({
  [L.project]: project,
  [L.network]: 'default',
  [L.version]: COMPOSE_VERSION,
  [L.configHash]: configHash,
});

export const volumeLabels = (project: string, key: string, configHash: string): Record<string, string> => ({
  [L.project]: project,
  [L.volume]: key,
  [L.version]: COMPOSE_VERSION,
  [L.configHash]: configHash,
});

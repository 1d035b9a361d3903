// Checks made before `up` touches anything, so a bad situation stops the run with nothing half-created:
// every image present, every host port to publish free (or held by the very container being replaced).
import type { DockerClient } from '../../drivers/docker/client.js';
import { listContainers, type ContainerSummary } from '../../drivers/docker/containers.js';
import { imageId } from '../../drivers/docker/images.js';
import { portFree, portHolder } from '../../drivers/host-ports.js';
import { OhEnvError } from '../../errors.js';
import type { Environment } from '../../model/schema.js';
import type { ComposeProject, PublishedPort } from '../../render/local/compose-project.js';
import { L } from './compose-labels.js';

const LAB_PREFIX = 'oh-env-lab/';

export interface ImageLookup {
  /** Image id by reference, for every image the engine has. */
  readonly ids: ReadonlyMap<string, string>;
  /** References the engine does not have, sorted. */
  readonly missing: readonly string[];
}

/** Which of the project's images the engine has (nothing is pulled: offline, a pull would only hang). */
export async function lookupImages(client: DockerClient, project: ComposeProject): Promise<ImageLookup> {
  const refs = [...new Set(project.services.map((s) => s.image))].sort();
  const found = await Promise.all(refs.map(async (r) => [r, await imageId(client, r)] as const));
  return {
    ids: new Map(found.filter((e): e is readonly [string, string] => e[1] !== undefined)),
    missing: found.filter(([, id]) => id === undefined).map(([r]) => r),
  };
}

/** E_IMAGE_MISSING naming every missing image, who uses it and how to get it; `after` ends the hint. */
export function imageMissingError(project: ComposeProject, missing: readonly string[], after = ''): OhEnvError {
  const users = (ref: string) =>
    project.services
      .filter((s) => s.image === ref)
      .map((s) => s.name)
      .join(', ');
  const lab = missing.some((r) => r.startsWith(LAB_PREFIX));
  const other = missing.filter((r) => !r.startsWith(LAB_PREFIX));
  const hints = [
    ...(lab ? ['build the lab images: `npm run lab -- up --for demo`'] : []),
    ...(other.length > 0
      ? [
          `pull or build ${other.length > 1 ? 'them' : 'it'}: ${other.map((r) => `\`docker pull ${r}\``).join(', ')} (or \`docker build -t <image> <dir>\`)`,
        ]
      : []),
  ];
  return new OhEnvError(
    'E_IMAGE_MISSING',
    `the Docker engine does not have ${missing.length > 1 ? `${missing.length} images` : `the image ${missing[0]}`}`,
    { details: missing.map((r) => `${r}  (used by ${users(r)})`), hint: `${hints.join('; or ')}${after}` },
  );
}

/** Image ids by reference; E_IMAGE_MISSING naming every missing one and how to get it. */
export async function resolveImages(
  client: DockerClient,
  project: ComposeProject,
): Promise<ReadonlyMap<string, string>> {
  const { ids, missing } = await lookupImages(client, project);
  if (missing.length > 0) throw imageMissingError(project, missing, '; nothing was created');
  return ids;
}

function portIndex(env: Environment, service: string, published: number): number {
  return env.services[service]?.ports.findIndex((p) => p.publish === published) ?? -1;
}

/** A service's host ports, and its container when one exists (it may hold its own ports: not a clash). */
export interface PortClaim {
  readonly name: string;
  readonly ports: readonly PublishedPort[];
  readonly existing?: ContainerSummary;
}

/** E_PORT_TAKEN when a host port a new container would publish is held by another container or process. */
export async function checkPorts(client: DockerClient, env: Environment, claims: readonly PortClaim[]): Promise<void> {
  const [first] = await portClashes(client, env, claims);
  if (first) throw first;
}

/** One E_PORT_TAKEN per host port that another container or process holds, in the claims' order. */
export async function portClashes(
  client: DockerClient,
  env: Environment,
  claims: readonly PortClaim[],
): Promise<OhEnvError[]> {
  const clashes: OhEnvError[] = [];
  let running: ContainerSummary[] | undefined;
  for (const p of claims)
    for (const port of p.ports) {
      if (port.protocol !== 'tcp') continue;
      running ??= (await listContainers(client)).filter((c) => c.state === 'running');
      const clash = await portClash(running, env, p, port);
      if (clash) clashes.push(clash);
    }
  return clashes;
}

async function portClash(
  running: readonly ContainerSummary[],
  env: Environment,
  p: PortClaim,
  port: PublishedPort,
): Promise<OhEnvError | undefined> {
  const holder = running.find(
    (c) =>
      c.id !== p.existing?.id &&
      c.ports.some(
        (x) =>
          x.publicPort === port.published &&
          (x.ip === undefined ||
            x.ip === '0.0.0.0' ||
            x.ip === '::' ||
            x.ip === port.hostIp ||
            port.hostIp === '0.0.0.0'),
      ),
  );
  const i = portIndex(env, p.name, port.published);
  const where = `services.${p.name}.ports[${i}].publish`;
  const hint = `stop what holds it, or publish "${p.name}" on another host port: set ${where} in the model (or an overlay such as envs/local/overlay.yaml)`;
  if (holder) {
    const other = holder.labels[L.project];
    return new OhEnvError(
      'E_PORT_TAKEN',
      `host port ${port.hostIp}:${port.published} for "${p.name}" is taken by container ${holder.name}${other ? ` (Compose project "${other}")` : ''}`,
      { hint, details: [`docker ps --filter id=${holder.id.slice(0, 12)}`] },
    );
  }
  // The container being replaced holds its own port until it is removed: not a clash.
  if (p.existing?.ports.some((x) => x.publicPort === port.published)) return undefined;
  if (await portFree(port.hostIp, port.published)) return undefined;
  const proc = portHolder(port.published);
  return new OhEnvError(
    'E_PORT_TAKEN',
    `host port ${port.hostIp}:${port.published} for "${p.name}" is taken${proc ? ` by process ${proc.pid} (${proc.command || 'unknown command'})` : ' by another process'}`,
    { hint, details: proc ? [] : [`find it with: ss -ltnp 'sport = :${port.published}'`] },
  );
}

// The Docker API create body of one service's container, from the typed Compose project: the same env,
// mounts, ports, health check, limits and labels `docker compose up` would give it, plus Compose's labels
// (so each tool recognises the other's containers). Pure.
import type { ComposeService } from '../../render/local/compose-project.js';
import { toNanos } from '../../render/duration.js';
import { bindSource } from './compose-hash.js';
import { containerLabels, containerName, networkName, volumeName } from './compose-labels.js';

export interface SpecInput {
  readonly project: string;
  readonly service: ComposeService;
  /** Resolved environment (secret values included): never logged, never put into events. */
  readonly env: Readonly<Record<string, string>>;
  readonly configHash: string;
  readonly imageId: string;
  readonly workingDir: string;
  readonly configFile: string;
  readonly environmentFile: string;
}

/** What Compose writes into com.docker.compose.depends_on: name:condition:restart, sorted here. */
export const dependsOnLabel = (s: ComposeService): string[] =>
  Object.entries(s.dependsOn)
    .map(([to, c]) => `${to}:${c}:false`)
    .sort();

export function containerCreateBody(i: SpecInput): Record<string, unknown> {
  const s = i.service;
  const name = containerName(i.project, s.name);
  const network = networkName(i.project);
  const exposed: Record<string, object> = {};
  const bindings: Record<string, { HostIp: string; HostPort: string }[]> = {};
  for (const p of s.ports) {
    const key = `${p.target}/${p.protocol}`;
    exposed[key] = {};
    (bindings[key] ??= []).push({ HostIp: p.hostIp, HostPort: String(p.published) });
  }
  const binds = s.mounts.map((m) => {
    const src = m.type === 'volume' ? volumeName(i.project, m.source) : bindSource(m.source, i.workingDir);
    return `${src}:${m.target}:${m.readOnly ? 'ro' : 'rw'}`;
  });
  const h = s.healthcheck;
  return {
    name,
    Image: s.image,
    ...(s.entrypoint ? { Entrypoint: [...s.entrypoint] } : {}),
    ...(s.command ? { Cmd: [...s.command] } : {}),
    Env: Object.entries(i.env).map(([k, v]) => `${k}=${v}`),
    Labels: {
      ...s.labels,
      ...containerLabels({
        project: i.project,
        service: s.name,
        configHash: i.configHash,
        imageId: i.imageId,
        workingDir: i.workingDir,
        configFile: i.configFile,
        environmentFile: i.environmentFile,
        dependsOn: dependsOnLabel(s),
      }),
    },
    ...(Object.keys(exposed).length > 0 ? { ExposedPorts: exposed } : {}),
    ...(h
      ? {
          Healthcheck: {
            Test: [...h.test],
            Interval: toNanos(h.interval),
            Timeout: toNanos(h.timeout),
            Retries: h.retries,
            StartPeriod: toNanos(h.start_period),
          },
        }
      : {}),
    HostConfig: {
      Binds: binds,
      PortBindings: bindings,
      RestartPolicy: { Name: s.restart, MaximumRetryCount: 0 },
      Init: true,
      NetworkMode: network,
      ExtraHosts: [...s.extraHosts],
      ...(s.limits.cpus !== undefined ? { NanoCpus: Math.round(s.limits.cpus * 1e9) } : {}),
      ...(s.limits.memoryBytes !== undefined ? { Memory: s.limits.memoryBytes } : {}),
      ...(s.reservations.memoryBytes !== undefined ? { MemoryReservation: s.reservations.memoryBytes } : {}),
    },
    NetworkingConfig: { EndpointsConfig: { [network]: { Aliases: [name, s.name] } } },
  };
}

/** The resolved environment of a service: literal values, and secret values from the secrets file. */
export function resolveEnv(s: ComposeService, secrets: ReadonlyMap<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, e] of Object.entries(s.environment))
    out[k] = e.kind === 'value' ? e.value : (secrets.get(e.variable) ?? '');
  return out;
}

// Docker Compose's config hash, computed the way Compose v5 does: sha256 over the Go JSON of the service as
// `docker compose config --format json` prints it (interpolated, normalised), without build, pull_policy,
// scale, deploy.replicas, depends_on and profiles. With the same hash on its label, `docker compose up` keeps
// the containers oh-env created, and oh-env keeps the ones Compose created. Key order matters: the service's
// keys are sorted, nested objects follow compose-go's struct field order. e2e/local checks every fixture
// against `docker compose config --hash`.
import { createHash } from 'node:crypto';
import { isAbsolute, resolve } from 'node:path';
import type { ComposeService, Limits } from '../../render/local/compose-project.js';
import { toMs } from '../../render/duration.js';
import { goDuration } from './go-duration.js';
import { networkName, volumeName } from './compose-labels.js';

/** Go's encoding/json escapes these; JSON.stringify does not. */
const goJson = (value: unknown): string =>
  JSON.stringify(value).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);

/** Go maps marshal with sorted keys. */
const sorted = (m: Readonly<Record<string, string>>): Record<string, string> =>
  Object.fromEntries(Object.entries(m).sort(([a], [b]) => (a < b ? -1 : 1)));

const sha256 = (s: string): string => createHash('sha256').update(s).digest('hex');

function limits(l: Limits): Record<string, unknown> | undefined {
  if (l.cpus === undefined && l.memoryBytes === undefined) return undefined;
  return {
    ...(l.cpus !== undefined ? { cpus: l.cpus } : {}),
    ...(l.memoryBytes !== undefined ? { memory: String(l.memoryBytes) } : {}),
  };
}

/** A bind source as Compose resolves it: relative to the project's working directory. */
export const bindSource = (source: string, workingDir: string): string =>
  isAbsolute(source) ? source : resolve(workingDir, source);

/** The service as Compose normalises it, with secret references replaced by their resolved values. */
export function normalisedService(
  s: ComposeService,
  env: Readonly<Record<string, string>>,
  workingDir: string,
): Record<string, unknown> {
  const lim = limits(s.limits);
  const res = limits(s.reservations);
  const out: Record<string, unknown> = {
    command: s.command ? [...s.command] : null,
    entrypoint: s.entrypoint ? [...s.entrypoint] : null,
    image: s.image,
    init: true,
    networks: { default: null },
    restart: s.restart,
  };
  if (lim || res)
    out.deploy = {
      resources: { ...(lim ? { limits: lim } : {}), ...(res ? { reservations: res } : {}) },
      placement: {},
    };
  if (Object.keys(env).length > 0) out.environment = sorted(env);
  if (s.extraHosts.length > 0) out.extra_hosts = s.extraHosts.map((h) => h.replace(/:(?=[^:]*$)/, '='));
  if (s.healthcheck) {
    const h = s.healthcheck;
    out.healthcheck = {
      test: [...h.test],
      timeout: goDuration(toMs(h.timeout)),
      interval: goDuration(toMs(h.interval)),
      retries: h.retries,
      start_period: goDuration(toMs(h.start_period)),
    };
  }
  if (Object.keys(s.labels).length > 0) out.labels = sorted(s.labels);
  if (s.ports.length > 0)
    out.ports = s.ports.map((p) => ({
      mode: 'ingress',
      host_ip: p.hostIp,
      target: p.target,
      published: String(p.published),
      protocol: p.protocol,
    }));
  if (s.mounts.length > 0)
    out.volumes = s.mounts.map((m) => ({
      type: m.type,
      source: m.type === 'bind' ? bindSource(m.source, workingDir) : m.source,
      target: m.target,
      ...(m.readOnly ? { read_only: true } : {}),
    }));
  return Object.fromEntries(Object.entries(out).sort(([a], [b]) => (a < b ? -1 : 1)));
}

export const serviceConfigHash = (
  s: ComposeService,
  env: Readonly<Record<string, string>>,
  workingDir: string,
): string => sha256(goJson(normalisedService(s, env, workingDir)));

export const networkConfigHash = (project: string): string => sha256(goJson({ name: networkName(project), ipam: {} }));

export const volumeConfigHash = (project: string, key: string): string =>
  sha256(goJson({ name: volumeName(project, key), driver: 'local' }));

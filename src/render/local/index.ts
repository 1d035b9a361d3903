// local: the Compose project as docker-compose.yml. The typed project (compose-project.ts) is serialised
// here in the Compose Specification's shape; `oh-env up local` creates the same project through the Docker
// API. Every literal `$` is doubled so Compose never interpolates a value; only secret references are
// `${…}` expressions, resolved from the secrets file.
import { modelFlags, regenerateCommand, sourceText, type RenderInput } from '../input.js';
import type { RenderResult } from '../output.js';
import { generatedHeader, toYaml } from '../yaml.js';
import {
  composeProject,
  type ComposeProject,
  type ComposeService,
  type EnvEntry,
  type Limits,
} from './compose-project.js';
import { composeMemory } from './resources.js';
import { secretsFileShellPath } from '../secret-names.js';
import { LABEL_DOCKER_SOCKET } from '../labels.js';

const esc = (s: string): string => s.replace(/\$/g, '$$$$');

function envValue(e: EnvEntry, envName: string): string {
  if (e.kind === 'value') return esc(e.value);
  if (!e.required) return `\${${e.variable}:-}`;
  // The message is literal text for Compose: no `}` and no `$` (it would be interpolated).
  return `\${${e.variable}:?secret "${e.secret}" has no value: run oh-env up local once to create ~/.config/oh-env/${envName}/secrets.env or pass that file with --env-file}`;
}

function limits(l: Limits): Record<string, unknown> | undefined {
  if (l.cpus === undefined && l.memoryBytes === undefined) return undefined;
  return {
    ...(l.cpus !== undefined ? { cpus: String(l.cpus) } : {}),
    ...(l.memoryBytes !== undefined ? { memory: composeMemory(l.memoryBytes) } : {}),
  };
}

function serviceSpec(p: ComposeProject, s: ComposeService): Record<string, unknown> {
  const lim = limits(s.limits);
  const res = limits(s.reservations);
  const env = Object.entries(s.environment);
  const deps = Object.entries(s.dependsOn);
  return {
    image: esc(s.image),
    entrypoint: s.entrypoint?.map(esc),
    command: s.command?.map(esc),
    environment: env.length > 0 ? Object.fromEntries(env.map(([k, v]) => [k, envValue(v, p.envName)])) : undefined,
    depends_on:
      deps.length > 0
        ? Object.fromEntries(deps.map(([to, condition]) => [to, { condition, required: true }]))
        : undefined,
    healthcheck: s.healthcheck ? { ...s.healthcheck, test: s.healthcheck.test.map(esc) } : undefined,
    ports:
      s.ports.length > 0
        ? s.ports.map((x) => `${x.hostIp}:${x.published}:${x.target}${x.protocol === 'udp' ? '/udp' : ''}`)
        : undefined,
    labels: Object.fromEntries(Object.entries(s.labels).map(([k, v]) => [k, esc(v)])),
    deploy:
      lim || res
        ? { resources: { ...(lim ? { limits: lim } : {}), ...(res ? { reservations: res } : {}) } }
        : undefined,
    restart: s.restart,
    init: true,
    volumes:
      s.mounts.length > 0
        ? s.mounts.map((m) => ({
            type: m.type,
            source: esc(m.source),
            target: m.target,
            ...(m.readOnly ? { read_only: true } : {}),
          }))
        : undefined,
    extra_hosts: s.extraHosts.length > 0 ? [...s.extraHosts] : undefined,
  };
}

/** The Compose Specification document of a project (without the header comment). */
export function composeDocument(p: ComposeProject): Record<string, unknown> {
  return {
    name: p.name,
    services: Object.fromEntries(p.services.map((s) => [s.name, serviceSpec(p, s)])),
    ...(p.volumes.length > 0 ? { volumes: Object.fromEntries(p.volumes.map((v) => [v, {}])) } : {}),
  };
}

function header(input: RenderInput, p: ComposeProject): string {
  const f = modelFlags(input);
  const lines = [
    '#',
    `# Run it:   oh-env up local${f}    (creates the secrets file, starts in dependency order, waits for health)`,
    '# or with Docker Compose, once the secrets file exists:',
    `#   docker compose --env-file "${secretsFileShellPath(p.envName)}" up -d --wait`,
    '# Secret values are never in this file: each ${OH_SECRET_…} comes from that file (mode 0600, outside the',
    '# repository; generated values are created once by oh-env and kept).',
  ];
  if (p.services.some((s) => s.labels[LABEL_DOCKER_SOCKET]))
    lines.push(
      '# The Docker socket is mounted only where the model asks for it (local.dockerSocket): the OpenHands app',
      "# starts sandbox containers on this engine. That gives the app root-equivalent access to the host's Docker.",
    );
  return `${generatedHeader(sourceText(input), regenerateCommand(input, 'local'))}${lines.join('\n')}\n`;
}

export function renderLocal(input: RenderInput): RenderResult {
  const p = composeProject(input.env);
  return {
    files: [{ path: 'docker-compose.yml', content: `${header(input, p)}${toYaml(composeDocument(p))}` }],
    warnings: p.warnings,
  };
}

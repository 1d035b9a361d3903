// The typed Compose project that render/local builds and `up local` creates: the shapes only, in a module of
// their own so the builders (compose-project, backends, health) share them without importing each other.
import type { Issue } from '../../errors.js';

export interface ComposeHealthcheck {
  readonly test: readonly string[];
  readonly interval: string;
  readonly timeout: string;
  readonly retries: number;
  readonly start_period: string;
}

export type ServiceKind = 'service' | 'job' | 'backend';
export type DependsCondition = 'service_started' | 'service_healthy' | 'service_completed_successfully';

/** A variable's value: literal, or a reference to a secret kept in the secrets file. */
export type EnvEntry =
  | { readonly kind: 'value'; readonly value: string }
  | { readonly kind: 'secret'; readonly secret: string; readonly variable: string; readonly required: boolean };

export interface PublishedPort {
  readonly hostIp: string;
  readonly published: number;
  readonly target: number;
  readonly protocol: 'tcp' | 'udp';
}

export interface Mount {
  readonly type: 'volume' | 'bind';
  /** Volume key in the project (`<owner>-<volume>`) or host path (relative paths: to the project directory). */
  readonly source: string;
  readonly target: string;
  readonly readOnly: boolean;
}

export interface Limits {
  readonly cpus?: number;
  readonly memoryBytes?: number;
}

/**
 * How a container's health check can also be asked from the host, at the container's address: an HTTP GET
 * or a TCP connect that IS the check, or (`listens`) the port the server of a command check (pg_isready,
 * redis-cli ping) opens once the command can pass — it tells when running the command is worth it.
 */
export type HostCheck =
  | { readonly kind: 'http'; readonly port: number; readonly path: string }
  | { readonly kind: 'tcp' | 'listens'; readonly port: number };

export interface ComposeService {
  readonly name: string;
  readonly kind: ServiceKind;
  readonly image: string;
  /** The model's `command` (replaces the image ENTRYPOINT). */
  readonly entrypoint?: readonly string[];
  /** The model's `args` (replaces the image CMD). */
  readonly command?: readonly string[];
  readonly environment: Readonly<Record<string, EnvEntry>>;
  readonly dependsOn: Readonly<Record<string, DependsCondition>>;
  readonly healthcheck?: ComposeHealthcheck;
  /** The health check as the host can ask it (see targets/local/waits.ts). */
  readonly hostCheck?: HostCheck;
  readonly ports: readonly PublishedPort[];
  readonly labels: Readonly<Record<string, string>>;
  readonly limits: Limits;
  readonly reservations: Limits;
  readonly restart: 'no' | 'always' | 'unless-stopped' | 'on-failure';
  readonly mounts: readonly Mount[];
  readonly extraHosts: readonly string[];
  /** Jobs: how long a run may take and how many times a failed run is retried by `oh-env up`. */
  readonly job?: { readonly timeoutMs: number; readonly backoffLimit: number };
}

export interface SecretRef {
  readonly variable: string;
  readonly required: boolean;
  /** Length of a value generated once and kept, when the model asks for one. */
  readonly generateLength?: number;
}

export interface ComposeProject {
  /** Compose project name: targets.local.project or metadata.name. */
  readonly name: string;
  /** The environment's name (labels, secrets file). */
  readonly envName: string;
  /** Sorted by name. */
  readonly services: readonly ComposeService[];
  /** Named volume keys, sorted; Docker names them `<project>_<key>` as Compose does. */
  readonly volumes: readonly string[];
  readonly secrets: Readonly<Record<string, SecretRef>>;
  readonly warnings: readonly Issue[];
}

// The Target contract: what every target (local, kind, gke, and any later one) offers the CLI. Commands
// look a target up in the registry (registry.ts) and call these methods; they never branch on a target's
// name. A target that cannot do something yet leaves the method out, and the CLI says so in one place.
// Heavy modules (SDK drivers) are imported inside the methods, so loading an adapter stays cheap.
import type { EventSink } from '../events/types.js';
import type { Environment } from '../model/schema.js';
import type { Target } from '../model/targets.js';
import type { RenderInput } from '../render/input.js';
import type { RenderResult } from '../render/output.js';
import type { StatusSource } from './status-source.js';

export type { Target };

/** What every side-effecting method gets: the validated model and where to report progress. */
export interface TargetContext {
  readonly env: Environment;
  /** The process environment (DOCKER_HOST, KUBECONFIG, XDG_CONFIG_HOME, OH_SECRET_* overrides, ...). */
  readonly procEnv: Readonly<Record<string, string | undefined>>;
  /** The directory the command runs in: relative paths of the model resolve against it. */
  readonly workingDir: string;
  /** Where progress goes (the dashboard, plain lines, NDJSON): run.*, step.* and resource.status events. */
  readonly events: EventSink;
  /** Ctrl-C / SIGTERM: stop waiting, leave what exists, so the next run continues from it. */
  readonly signal?: AbortSignal;
  /** Which cluster a Kubernetes target uses, when the user says (--cluster, --kube-context, ...). */
  readonly cluster?: ClusterOptions;
}

/** The command line's say over a Kubernetes target's cluster; every field optional (the model's defaults). */
export interface ClusterOptions {
  /** An existing cluster of that name (kind: `kind get clusters`), used as it is and never deleted. */
  readonly name?: string;
  /** A context of the kubeconfig: any cluster the user points at (no cluster is created). */
  readonly kubeContext?: string;
  /** The kubeconfig file for --kube-context (else KUBECONFIG or ~/.kube/config). */
  readonly kubeconfig?: string;
  /** kind: the node image a new cluster is created from. */
  readonly nodeImage?: string;
}

export interface Endpoint {
  readonly service: string;
  readonly url: string;
}

/** One change `up` made or would make. */
export interface Action {
  readonly resource: string;
  /** create, recreate, update, remove, keep, ... */
  readonly action: string;
  readonly reason?: string;
}

export interface UpResult {
  /** Whether `up` created, changed or removed anything (false: it found everything as the model says). */
  readonly changed: boolean;
  readonly actions: readonly Action[];
  readonly endpoints: readonly Endpoint[];
  readonly durationMs: number;
  /** Target-specific facts worth printing (the secrets file, the kube context, ...), as label → value. */
  readonly notes?: Readonly<Record<string, string>>;
}

export interface DownOptions {
  /** Delete the data too (volumes, PVCs); without it data survives `down`/`up`. */
  readonly volumes: boolean;
  /** Kubernetes targets: delete the cluster too, when oh-env created it for this environment. */
  readonly deleteCluster?: boolean;
}

export interface DownResult {
  /** What was removed, by kind: containers, networks, volumes, objects, ... */
  readonly removed: Readonly<Record<string, readonly string[]>>;
  /** What was kept on purpose (data), by kind. */
  readonly kept: Readonly<Record<string, readonly string[]>>;
}

/** One row of `ps`: one running thing (a container, a pod). */
export interface PsRow {
  readonly service: string;
  readonly kind: 'service' | 'job' | 'backend';
  readonly name: string;
  readonly id: string;
  readonly state: string;
  readonly health?: string;
  readonly exitCode?: number;
  readonly status: string;
  readonly image: string;
  readonly ports: readonly string[];
  readonly inModel: boolean;
}

export interface LogLine {
  readonly service: string;
  readonly stream: 'stdout' | 'stderr';
  readonly line: string;
  readonly time?: string;
}

export interface LogsOptions {
  readonly service?: string;
  readonly follow: boolean;
  readonly tail?: number;
}

/** The result of `plan`: what `up` would change, in order. */
export interface PlanReport {
  readonly target: Target;
  readonly actions: readonly Action[];
  /**
   * Whether the plan compares the model with what exists (local reads the Docker engine). When false it comes
   * from the model alone: every resource shows as to create, whether it exists or not.
   */
  readonly live: boolean;
  /** Machine-readable detail for --json (the GCP plan, the compose plan, ...); the report itself without it. */
  readonly detail?: unknown;
  /** The target's own readable form, when it says more than the list of actions. */
  readonly text?: string;
  /** The same changes as a script to run by hand (gke: the gcloud commands), when the target has one. */
  readonly script?: string;
}

export type CheckStatus = 'ok' | 'warn' | 'fail' | 'skip';

export interface CheckResult {
  readonly status: CheckStatus;
  /** What was found. */
  readonly found: string;
  /** The exact fix to run, when not ok. */
  readonly fix?: string;
}

/** One of the doctor's checks; it lives with its target. */
export interface Check {
  readonly name: string;
  run(ctx: TargetContext): Promise<CheckResult>;
}

export interface TargetAdapter {
  readonly name: Target;
  /** One line for help texts. */
  readonly summary: string;
  /** Pure: the files this target runs, from the model. */
  render(input: RenderInput): RenderResult;
  /** What `up` would change. */
  plan?(ctx: TargetContext): Promise<PlanReport>;
  up?(ctx: TargetContext): Promise<UpResult>;
  down?(ctx: TargetContext, opts: DownOptions): Promise<DownResult>;
  ps?(ctx: TargetContext): Promise<readonly PsRow[]>;
  /** Where `status` and the dashboard read the environment's state from. */
  status?(ctx: TargetContext): Promise<StatusSource>;
  logs?(ctx: TargetContext, opts: LogsOptions, onLine: (l: LogLine) => void): Promise<void>;
  /** The doctor's checks for this target (used by `oh-env doctor`). */
  checks?(ctx: TargetContext): readonly Check[];
}

/** The methods a command may ask for. */
export type Capability = Exclude<keyof TargetAdapter, 'name' | 'summary' | 'render'>;

// The GCP provisioning plan as typed data: what `oh-env up gke` provisions and what `oh-env plan gke`
// shows, as JSON or as a gcloud script. Steps carry gcloud argv (never secret values: a secret is a
// reference that the script resolves at run time from Secret Manager or generates there).

/** A gcloud argument, or a reference resolved when the command runs. */
export type Arg = string | { readonly secretValue: string };

/** When a step can be skipped: its check command succeeds, fails, or prints something. */
export interface Check {
  readonly argv: readonly Arg[];
  readonly skipWhen: 'succeeds' | 'fails' | 'prints';
}

export type StepKind =
  | 'apis'
  | 'network'
  | 'firewall'
  | 'service-account'
  | 'iam'
  | 'artifact-registry'
  | 'cluster'
  | 'node-pool'
  | 'sql'
  | 'redis'
  | 'bucket'
  | 'secret'
  | 'workload-identity'
  | 'address';

/** A value known only after provisioning, written to the `<env>-gcp-outputs` ConfigMap. */
export interface Output {
  readonly key: string;
  /** gcloud argv that prints the value. */
  readonly argv: readonly string[];
}

export interface PlanStep {
  readonly id: string;
  readonly title: string;
  /** Why the step is there or why it is set up this way (shown as a comment in the script). */
  readonly why?: string;
  readonly kind: StepKind;
  readonly resource: { readonly type: string; readonly name: string };
  readonly dependsOn: readonly string[];
  /** gcloud argv (without the leading `gcloud`). */
  readonly create: readonly Arg[];
  readonly check?: Check;
  /** Pipe a freshly generated random value of this many bytes into the command (a secret's first version). */
  readonly generate?: number;
  readonly outputs?: readonly Output[];
}

export interface Plan {
  readonly environment: string;
  readonly project: string;
  readonly region: string;
  readonly cluster: { readonly name: string; readonly location: string };
  readonly namespace: string;
  /** ConfigMap that receives the steps' outputs (the manifests read e.g. REDIS_HOST from it). */
  readonly outputsConfigMap: string;
  /** The Kubernetes Secret the manifests read, filled from Secret Manager when the plan runs (never from a file). */
  readonly kubernetesSecret: {
    readonly name: string;
    readonly keys: readonly { readonly key: string; readonly secret: string; readonly required: boolean }[];
  };
  readonly steps: readonly PlanStep[];
}

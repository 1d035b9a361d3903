// The GCP provisioning plan as data: what `oh-env up gke` provisions and what `oh-env plan gke` shows (plan.json
// with --json, plan.sh with --script). Each entry is a desired resource (resource.ts) with the gcloud commands
// derived from it (gcloud.ts), in dependency order. No secret value is in it: secrets are named, and reach gcloud
// on stdin when the plan runs.
import type { ResourceCommands } from './gcloud.js';
import type { Resource } from './resource.js';

export type PlannedResource = Resource & { readonly gcloud: ResourceCommands };

export interface Plan {
  readonly environment: string;
  readonly project: string;
  readonly region: string;
  readonly cluster: { readonly name: string; readonly location: string };
  readonly namespace: string;
  /** ConfigMap that receives the resources' outputs (the manifests read e.g. REDIS_HOST from it). */
  readonly outputsConfigMap: string;
  /** The Kubernetes Secret the manifests read, filled from Secret Manager when the plan runs (never from a file). */
  readonly kubernetesSecret: {
    readonly name: string;
    readonly keys: readonly { readonly key: string; readonly secret: string; readonly required: boolean }[];
  };
  readonly resources: readonly PlannedResource[];
}

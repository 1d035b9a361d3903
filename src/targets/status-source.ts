// Where `status` reads the state of an environment from. One interface per target: local reads the Docker
// engine (inspect, then its event stream); kind and gke would list, then watch, the namespace's workloads
// through the Kubernetes watch API. Every source speaks the one event stream (events/types.ts).
import type { EventSink } from '../events/types.js';

export interface StatusOptions {
  /** Keep following changes after the first read, until close(). */
  readonly follow: boolean;
  /** Log lines of every resource (the detail panel, plain `--watch`). */
  readonly logs: boolean;
  /** CPU and memory samples. */
  readonly stats: boolean;
}

export interface StatusSource {
  /** Where the environment runs, for the header: Docker host, kube context or GCP project. */
  readonly context: string;
  /** Emits one resource.status per resource; with `follow`, keeps emitting changes. Resolves after the first read. */
  start(sink: EventSink, o: StatusOptions): Promise<void>;
  /** Restarts one resource (the dashboard's `r`). */
  restart(resource: string): Promise<void>;
  /** Stops following; safe to call twice. */
  close(): Promise<void>;
}

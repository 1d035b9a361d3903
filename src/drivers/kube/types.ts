// The data the kube driver's two files share (index.ts: the interface; client.ts: client-node).

/** What the driver needs of an object: the render's KubeObject is one. */
export interface KubeResource {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: {
    readonly name: string;
    readonly namespace?: string;
    readonly labels?: Readonly<Record<string, string>>;
  };
  readonly [field: string]: unknown;
}

/** A kind of object, as the API serves it. */
export interface KubeKind {
  readonly apiVersion: string;
  readonly kind: string;
}

export interface ConnectOptions {
  /** A kubeconfig file; the default chain (KUBECONFIG, ~/.kube/config, in-cluster) when undefined. */
  readonly kubeconfig?: string;
  /** A context of that file; its current context when undefined. */
  readonly context?: string;
}

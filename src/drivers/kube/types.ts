// The data the kube driver's two files share (index.ts: the interface; client.ts: client-node).

/** What the driver needs of an object: the render's KubeObject is one. */
export interface KubeResource {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: {
    readonly name: string;
    readonly namespace?: string;
    readonly labels?: Readonly<Record<string, string>>;
    /** Set by the server on what it returns. */
    readonly uid?: string;
    readonly resourceVersion?: string;
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

/** One line of a watch stream, as the server sent it (ERROR carries a Status; BOOKMARK only a resourceVersion). */
export type RawWatchEvent =
  | { readonly type: 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK'; readonly object: KubeResource }
  | { readonly type: 'ERROR'; readonly object: { readonly code?: number; readonly message?: string } };

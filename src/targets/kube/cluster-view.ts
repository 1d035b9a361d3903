// One environment's objects as the cluster has them, kept current by one list+watch per kind (Pods,
// ReplicaSets, Deployments, StatefulSets, Jobs) on the environment's labels in its namespace. The waits of a
// run and the status source read it and are told of every change, so a run of a hundred workloads holds five
// watches, not two hundred, and nothing polls.
import type { KubeDriver, KubeResource, WatchEventType, Watching } from '../../drivers/kube/index.js';
import type { OhEnvError } from '../../errors.js';
import { API_VERSION, type Pod, type ReplicaSet, type Workload, type WorkloadKind } from './objects.js';

export type ViewKind = WorkloadKind | 'Pod' | 'ReplicaSet';
const VIEW_KINDS: readonly ViewKind[] = ['Pod', 'ReplicaSet', 'Deployment', 'StatefulSet', 'Job'];

export type ViewListener = (type: WatchEventType, object: KubeResource) => void;

export class ClusterView {
  private readonly objects = new Map<ViewKind, Map<string, KubeResource>>(VIEW_KINDS.map((k) => [k, new Map()]));
  private readonly listeners = new Set<ViewListener>();
  private watches: Watching[] = [];

  private constructor(
    readonly kube: KubeDriver,
    readonly namespace: string,
  ) {}

  /** Lists and starts watching; resolves when every kind's first list is in. */
  static async open(
    kube: KubeDriver,
    namespace: string,
    labels: Readonly<Record<string, string>>,
    onError?: (e: OhEnvError) => void,
  ): Promise<ClusterView> {
    const view = new ClusterView(kube, namespace);
    try {
      view.watches = await Promise.all(
        VIEW_KINDS.map((kind) =>
          kube.watch(
            { apiVersion: API_VERSION[kind], kind },
            { labels, namespace },
            (type, o) => view.onEvent(kind, type, o),
            onError ? { onError } : {},
          ),
        ),
      );
    } catch (e) {
      view.close();
      throw e;
    }
    return view;
  }

  private onEvent(kind: ViewKind, type: WatchEventType, o: KubeResource): void {
    // Items of a list and of a watch carry their kind; keep it on every object so readers can rely on it.
    const object = { ...o, apiVersion: API_VERSION[kind], kind };
    const map = this.objects.get(kind)!;
    if (type === 'DELETED') map.delete(object.metadata.name);
    else map.set(object.metadata.name, object);
    for (const l of this.listeners) l(type, object);
  }

  /** Called on every change from now on; returns the unsubscribe. */
  subscribe(l: ViewListener): () => void {
    this.listeners.add(l);
    return () => this.listeners.delete(l);
  }

  workload(kind: WorkloadKind, name: string): Workload | undefined {
    return this.objects.get(kind)!.get(name) as Workload | undefined;
  }

  workloads(): Workload[] {
    return (['Deployment', 'StatefulSet', 'Job'] as const).flatMap(
      (k) => [...this.objects.get(k)!.values()] as Workload[],
    );
  }

  pods(): Pod[] {
    return [...this.objects.get('Pod')!.values()] as Pod[];
  }

  replicaSets(): ReplicaSet[] {
    return [...this.objects.get('ReplicaSet')!.values()] as ReplicaSet[];
  }

  close(): void {
    for (const w of this.watches) w.stop();
    this.watches = [];
    this.listeners.clear();
  }
}

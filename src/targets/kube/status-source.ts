// The status source of a Kubernetes target (kind, GKE): the environment's workloads and pods through one
// ClusterView (list, then watch), one resource.status per workload (resource-status.ts: the same rows and
// states as local), sent again only when the row changes; log lines of each pod's containers when asked;
// `restart` is a rollout restart. CPU and memory samples (stats) need metrics-server and are not sent.
import type { KubeDriver } from '../../drivers/kube/index.js';
import type { EventInput, EventSink, OhEnvEvent } from '../../events/types.js';
import type { StatusOptions, StatusSource } from '../status-source.js';
import { ClusterView } from './cluster-view.js';
import { isWorkloadKind, podsOf, serviceName, type Pod, type Workload } from './objects.js';
import { statusOfWorkload } from './resource-status.js';
import { rolloutRestart } from './restart.js';

const LOG_TAIL = 20;

export class KubeStatusSource implements StatusSource {
  readonly context: string;
  private view: ClusterView | undefined;
  private sink: EventSink | undefined;
  private opts: StatusOptions = { follow: false, logs: false, stats: false };
  /** Resource → the last row sent, so a change of an unrelated pod sends nothing. */
  private readonly sent = new Map<string, string>();
  /** Pod name → what follows its logs. */
  private readonly followers = new Map<string, AbortController>();
  private closed = false;

  constructor(
    private readonly kube: KubeDriver,
    private readonly namespace: string,
    private readonly labels: Readonly<Record<string, string>>,
    private readonly now: () => number = Date.now,
  ) {
    this.context = kube.context;
  }

  private send(e: EventInput): void {
    this.sink?.emit({ ...e, time: this.now() } as OhEnvEvent);
  }

  async start(sink: EventSink, o: StatusOptions): Promise<void> {
    this.sink = sink;
    this.opts = o;
    const onError = (e: Error): void => this.send({ type: 'warning', message: e.message });
    const view = await ClusterView.open(this.kube, this.namespace, this.labels, o.follow ? onError : undefined);
    this.view = view;
    this.readAll();
    if (!o.follow || this.closed) return void view.close();
    view.subscribe((type, obj) => {
      if (type === 'DELETED' && isWorkloadKind(obj.kind)) return this.removed(obj as Workload);
      if (type === 'DELETED' && obj.kind === 'Pod') this.stopLogs(obj.metadata.name);
      this.readAll();
    });
  }

  /** Every workload's row, sent when it differs from the last one; logs of newly running pods. */
  private readAll(): void {
    const view = this.view;
    if (!view || this.closed) return;
    const pods = view.pods();
    for (const w of view.workloads()) {
      const s = statusOfWorkload(w, pods, view.replicaSets(), this.now());
      const key = JSON.stringify(s);
      if (this.sent.get(s.resource) !== key) {
        this.sent.set(s.resource, key);
        this.send(s);
      }
      if (this.opts.follow && this.opts.logs) for (const p of podsOf(w, pods)) this.followLogs(p, s.resource);
    }
  }

  private removed(w: Workload): void {
    const resource = serviceName(w);
    if (!this.sent.delete(resource)) return;
    this.send({
      type: 'resource.status',
      resource,
      kind: w.kind === 'Job' ? 'job' : 'service',
      state: 'removed',
      reason: `${w.kind} deleted`,
    });
  }

  /** The last lines of each container of a running pod and what follows, until the pod goes or close(). */
  private followLogs(p: Pod, resource: string): void {
    const name = p.metadata.name;
    const running = (p.status?.containerStatuses ?? []).some((c) => c.state?.running);
    if (this.followers.has(name) || !running) return;
    const ac = new AbortController();
    this.followers.set(name, ac);
    const containers = (p.spec?.containers ?? []).map((c) => c.name);
    void Promise.allSettled(
      containers.map((c) =>
        this.kube.podLogs(
          { namespace: this.namespace, name },
          c,
          { follow: true, tail: LOG_TAIL, signal: ac.signal },
          (line) => this.send({ type: 'log', resource, stream: 'stdout', line }),
        ),
      ),
    ).then(() => {
      // A stream that ended by itself (the container stopped) is opened again when the pod runs again.
      if (this.followers.get(name) === ac) this.followers.delete(name);
    });
  }

  private stopLogs(pod: string): void {
    this.followers.get(pod)?.abort();
    this.followers.delete(pod);
  }

  async restart(resource: string): Promise<void> {
    const w = this.view?.workloads().find((x) => serviceName(x) === resource);
    if (!w || !isWorkloadKind(w.kind)) throw new Error(`no workload for "${resource}"`);
    await rolloutRestart(this.kube, w.kind, w.metadata.name, this.namespace);
  }

  async close(): Promise<void> {
    this.closed = true;
    this.view?.close();
    for (const ac of this.followers.values()) ac.abort();
    this.followers.clear();
  }
}

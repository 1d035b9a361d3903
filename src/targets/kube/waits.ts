// Waiting on a cluster without sleeps: every wait reads the ClusterView (one list+watch per kind) and decides
// again on each change it is told of. A Deployment or StatefulSet is ready when its rollout is done (rollout.ts),
// a Job when it is Complete; a Job that failed, a rollout Kubernetes gave up on, or a pod of the current revision
// stuck in ImagePullBackOff, CrashLoopBackOff, CreateContainerConfigError or unschedulable (pod-problem.ts) ends
// the wait at once with an error that names the workload, the reason, the container's message, the pod's recent
// events and, where they say why, its last log lines. Deadlines come from withDeadline; the run's signal ends
// every wait.
import type { KubeDriver } from '../../drivers/kube/index.js';
import { OhEnvError } from '../../errors.js';
import { withDeadline } from '../../engine/waits.js';
import type { ClusterView } from './cluster-view.js';
import { currentPods, podsOf, serviceName, type Pod, type Workload, type WorkloadKind } from './objects.js';
import { eventLines, podProblem, unschedulableUntil, type KubeEventShape, type PodProblem } from './pod-problem.js';
import { DEFAULT_PROBLEM_OPTIONS, statusOfWorkload, type ResourceStatus } from './resource-status.js';
import { jobStateOf, rolloutOf } from './rollout.js';

export const LOG_LINES = 20;

export interface WaitOptions {
  readonly timeoutMs: number;
  /** The run's signal: aborting it ends the wait with its reason. */
  readonly signal: AbortSignal;
  /** Each change of the workload's row, as the status source shows it (send it on the run's bus). */
  readonly onStatus?: (s: ResourceStatus) => void;
  /**
   * What `apply` returned for the workload: the wait ignores older states of it (a watch can still be
   * delivering the object as it was before the apply, whose old rollout looks done).
   */
  readonly applied?: { readonly uid?: string; readonly generation?: number };
  /** How long a pod may stay unschedulable before it ends the wait (default 20 s). */
  readonly unschedulableGraceMs?: number;
}

type Decision =
  | { readonly kind: 'done' }
  | { readonly kind: 'wait'; readonly message: string; readonly recheckAt?: number }
  | { readonly kind: 'fail'; readonly error: () => Promise<OhEnvError> };

/** What the model calls a workload, for messages and hints: services.app, jobs.migrate, backends.postgres. */
function modelPath(w: Workload): string {
  const kind = w.metadata.labels?.['dev.oh-env.kind'];
  const section = kind === 'job' ? 'jobs' : kind === 'backend' ? 'backends' : 'services';
  return `${section}.${serviceName(w)}`;
}

const HINTS: Readonly<Record<string, string>> = {
  ImagePullBackOff:
    'the node cannot get the image: check its name in the model; a local image must be loaded onto the cluster (kind) or pushed to a registry it can pull from',
  ErrImagePull:
    'the node cannot get the image: check its name in the model; a local image must be loaded onto the cluster (kind) or pushed to a registry it can pull from',
  ErrImageNeverPull:
    'the image is not on the node and its pull policy forbids pulling it: load the image onto the cluster (kind) or change the tag',
  InvalidImageName: 'fix the image reference in the model',
  CrashLoopBackOff: 'the container keeps exiting: its last log lines above say why',
  CreateContainerConfigError:
    'a Secret or ConfigMap (or a key of one) the container refers to is missing: check the secrets of the model',
  CreateContainerError: 'the container runtime could not create the container: the message above says why',
  RunContainerError: 'the container runtime could not start the container: the message above says why',
  Unschedulable: 'no node can take the pod: lower its resource requests, free or add nodes, or check its PVCs',
};

export class KubeWaits {
  constructor(private readonly view: ClusterView) {}

  private get kube(): KubeDriver {
    return this.view.kube;
  }

  /** Until the Deployment's or StatefulSet's rollout is done. */
  ready(kind: Exclude<WorkloadKind, 'Job'>, name: string, o: WaitOptions): Promise<void> {
    return this.waitFor(kind, name, o, (w, now) => {
      const pods = currentPods(w, this.view.pods(), this.view.replicaSets());
      const stuck = this.stuck(pods ?? [], now, o);
      if (stuck.problem) return { kind: 'fail', error: () => this.podError(w, stuck.problem!) };
      const r = rolloutOf(w);
      if (r.kind === 'done') return { kind: 'done' };
      if (r.kind === 'failed')
        return { kind: 'fail', error: () => this.timeoutError(w, `failed: ${r.reason}: ${r.message}`) };
      return { kind: 'wait', message: r.message, ...(stuck.recheckAt ? { recheckAt: stuck.recheckAt } : {}) };
    });
  }

  /** Until the Job is Complete; Failed ends it with the failed pod's log. */
  complete(name: string, o: WaitOptions): Promise<void> {
    return this.waitFor('Job', name, o, (w, now) => {
      const j = jobStateOf(w);
      if (j.kind === 'complete') return { kind: 'done' };
      if (j.kind === 'failed') return { kind: 'fail', error: () => this.jobError(w, `${j.reason}: ${j.message}`) };
      const stuck = this.stuck(podsOf(w, this.view.pods()), now, o);
      if (stuck.problem) return { kind: 'fail', error: () => this.podError(w, stuck.problem!) };
      return { kind: 'wait', message: j.message, ...(stuck.recheckAt ? { recheckAt: stuck.recheckAt } : {}) };
    });
  }

  private stuck(pods: readonly Pod[], now: number, o: WaitOptions): { problem?: PodProblem; recheckAt?: number } {
    const po = { unschedulableGraceMs: o.unschedulableGraceMs ?? DEFAULT_PROBLEM_OPTIONS.unschedulableGraceMs };
    const problem = pods.map((p) => podProblem(p, now, po)).find((p) => p !== undefined);
    if (problem) return { problem };
    const at = pods.map((p) => unschedulableUntil(p, po)).filter((t): t is number => t !== undefined);
    return at.length > 0 ? { recheckAt: Math.min(...at) } : {};
  }

  private waitFor(
    kind: WorkloadKind,
    name: string,
    o: WaitOptions,
    decide: (w: Workload, now: number) => Decision,
  ): Promise<void> {
    const stop = new AbortController();
    const signal = AbortSignal.any([o.signal, stop.signal]);
    let timer: ReturnType<typeof setTimeout> | undefined;
    let lastStatus = '';
    let lastMessage = 'waiting for the object to be seen';
    const work = new Promise<void>((resolve, reject) => {
      const check = (): void => {
        if (signal.aborted) return;
        const w = this.view.workload(kind, name);
        if (!w || !this.isApplied(w, o)) return;
        const now = Date.now();
        const s = statusOfWorkload(w, this.view.pods(), this.view.replicaSets(), now, {
          unschedulableGraceMs: o.unschedulableGraceMs ?? DEFAULT_PROBLEM_OPTIONS.unschedulableGraceMs,
        });
        const key = JSON.stringify(s);
        if (key !== lastStatus) {
          lastStatus = key;
          o.onStatus?.(s);
        }
        const d = decide(w, now);
        if (d.kind === 'done') return resolve();
        if (d.kind === 'fail') {
          stop.abort(new Error('decided'));
          return void d.error().then(reject, reject);
        }
        lastMessage = d.message;
        // An unschedulable pod becomes "stuck" when its grace ends, with no change to tell us: look again then.
        if (timer) clearTimeout(timer);
        if (d.recheckAt !== undefined) timer = setTimeout(check, Math.max(0, d.recheckAt - Date.now()) + 10);
      };
      const unsubscribe = this.view.subscribe((_, obj) => {
        if (obj.metadata.namespace === this.view.namespace) check();
      });
      signal.addEventListener('abort', unsubscribe, { once: true });
      check();
    });
    const ended = withDeadline(work, o.timeoutMs, o.signal).then(async (r) => {
      if (r.kind === 'timeout') {
        const w = this.view.workload(kind, name);
        throw w
          ? await this.timeoutError(w, `did not become ready within ${Math.round(o.timeoutMs / 1000)} s`, lastMessage)
          : new OhEnvError('E_UNHEALTHY', `${kind} ${name} did not appear within ${Math.round(o.timeoutMs / 1000)} s`, {
              hint: 'check that it was applied to this namespace',
            });
      }
    });
    return ended.finally(() => {
      if (timer) clearTimeout(timer);
      stop.abort(new Error('done'));
    });
  }

  private isApplied(w: Workload, o: WaitOptions): boolean {
    const a = o.applied;
    if (!a) return true;
    if (a.uid !== undefined && w.metadata.uid !== a.uid) return false;
    return a.generation === undefined || (w.metadata.generation ?? 0) >= a.generation;
  }

  /** Events of the pod and, for a container that ran, its last log lines; never fails (best effort). */
  private async podDetails(pod: Pod, container: string | undefined, previous: boolean): Promise<string[]> {
    const [events, lines] = await Promise.all([
      this.kube
        .events({
          kind: 'Pod',
          name: pod.metadata.name,
          namespace: this.view.namespace,
          ...(pod.metadata.uid ? { uid: pod.metadata.uid } : {}),
        })
        .then((e) => eventLines(e as unknown as KubeEventShape[]))
        .catch(() => []),
      container ? lastLines(this.kube, pod, container, previous) : Promise.resolve([]),
    ]);
    return [
      ...(events.length > 0 ? [`events of pod ${pod.metadata.name}:`, ...events.map((e) => `  ${e}`)] : []),
      ...lines,
    ];
  }

  private async podError(w: Workload, p: PodProblem): Promise<OhEnvError> {
    const pod = this.view.pods().find((x) => x.metadata.name === p.pod);
    const where = p.container
      ? `${p.init ? 'init container' : 'container'} ${p.container} of pod ${p.pod}`
      : `pod ${p.pod}`;
    const crashed = p.reason === 'CrashLoopBackOff';
    const details = [
      ...(p.message ? [`${p.reason}: ${p.message}`] : []),
      ...(p.lastExit
        ? [`last exit: code ${p.lastExit.exitCode}${p.lastExit.reason ? ` (${p.lastExit.reason})` : ''}`]
        : []),
      ...(pod ? await this.podDetails(pod, crashed ? p.container : undefined, crashed) : []),
    ];
    return new OhEnvError('E_UNHEALTHY', `"${serviceName(w)}" cannot start: ${where} is in ${p.reason}`, {
      hint: `${HINTS[p.reason] ?? 'see the pod events above'} (${modelPath(w)}); what is applied stays, and the next \`up\` continues from it`,
      details,
    });
  }

  private async jobError(w: Workload, why: string): Promise<OhEnvError> {
    // The pod that failed last tells why; its log is the one worth showing.
    const pods = podsOf(w, this.view.pods()).sort((a, b) =>
      (a.metadata.creationTimestamp ?? '') < (b.metadata.creationTimestamp ?? '') ? -1 : 1,
    );
    const failed = [...pods].reverse().find((p) => p.status?.phase === 'Failed') ?? pods.at(-1);
    const main = failed?.status?.containerStatuses?.[0];
    const exit = main?.state?.terminated;
    const details = [
      ...(exit
        ? [
            `pod ${failed!.metadata.name}: container ${main!.name} exited with code ${exit.exitCode}${exit.reason ? ` (${exit.reason})` : ''}`,
          ]
        : []),
      ...(failed ? await this.podDetails(failed, main?.name ?? failed.spec?.containers?.[0]?.name, false) : []),
    ];
    return new OhEnvError('E_JOB_FAILED', `job "${serviceName(w)}" failed: ${why}`, {
      hint: `fix the cause shown in its log (\`oh-env logs ${serviceName(w)}\`, ${modelPath(w)}), then run up again: it reruns the job and continues`,
      details,
    });
  }

  private async timeoutError(w: Workload, what: string, last?: string): Promise<OhEnvError> {
    const pods = currentPods(w, this.view.pods(), this.view.replicaSets()) ?? podsOf(w, this.view.pods());
    const first = pods[0];
    return new OhEnvError('E_UNHEALTHY', `${w.kind} "${serviceName(w)}" ${what}`, {
      hint: `\`oh-env status\` shows its pods; raise the wait's deadline if it is just slow (${modelPath(w)})`,
      details: [
        ...(last ? [`last seen: ${last}`] : []),
        ...(first ? await this.podDetails(first, first.spec?.containers?.[0]?.name, false) : []),
      ],
    });
  }
}

/** The last lines of one container's log, as the error's details show them; [] when there is none to read. */
export async function lastLines(kube: KubeDriver, pod: Pod, container: string, previous: boolean): Promise<string[]> {
  const lines: string[] = [];
  const stop = new AbortController();
  const read = kube
    .podLogs(
      { namespace: pod.metadata.namespace ?? '', name: pod.metadata.name },
      container,
      { follow: false, tail: LOG_LINES, previous, signal: stop.signal },
      (l) => lines.push(l),
    )
    .then(() => true)
    .catch(() => false);
  // A node that does not answer (a fake or lost kubelet) must not hold the error back.
  const r = await withDeadline(read, 5000, new AbortController().signal);
  stop.abort();
  if (r.kind === 'timeout' || !r.value) return [];
  return lines.length > 0
    ? [`last ${lines.length} log lines of ${container}:`, ...lines.map((l) => `  │ ${l}`)]
    : ['(no log output)'];
}

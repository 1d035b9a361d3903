// The Kubernetes driver: the one module that talks to a cluster, through @kubernetes/client-node (imported
// lazily: `render` and `up local` never load it). It connects from a kubeconfig (file and context), then
// server-side applies objects as field manager `oh-env` (conflicts forced: oh-env owns what it renders),
// reads and lists them by label and deletes them by label. Objects are plain data; the caller decides how
// they are encoded on the wire (`encode`), so an apply can send the very YAML the committed manifests show.
// For reading a cluster it lists and watches (watch.ts), streams pod logs, reads an object's events and
// merge-patches (a rollout restart).
import { OhEnvError } from '../../errors.js';
import type { ApplyApi } from './client.js';
import type { ConnectOptions, KubeKind, KubeResource } from './types.js';
import { listAndWatch, type WatchEventType, type WatchOptions, type Watching } from './watch.js';

export type { ConnectOptions, KubeKind, KubeResource, WatchEventType, WatchOptions, Watching };

export const FIELD_MANAGER = 'oh-env';

export interface ApplyOptions {
  /** `dryRun=All`: the server runs admission, defaulting and validation, and persists nothing. */
  readonly dryRun?: boolean;
  /** Body of each apply request (application/apply-patch+yaml; JSON is YAML too). Default: JSON. */
  readonly encode?: (object: KubeResource) => string;
}

export interface Selection {
  /** Objects carrying every one of these labels. */
  readonly labels: Readonly<Record<string, string>>;
  /** Only in this namespace; all namespaces (and cluster-scoped objects) when undefined. */
  readonly namespace?: string;
  /** And these fields (a field selector: metadata.name, involvedObject.uid, ...); only for watch. */
  readonly fields?: Readonly<Record<string, string>>;
}

export interface PodLogOptions {
  readonly follow: boolean;
  /** The last N lines only. */
  readonly tail?: number;
  /** The log of the container's previous run (a container in CrashLoopBackOff has a fresh, empty one). */
  readonly previous?: boolean;
  /** Ends a followed log (the call then resolves). */
  readonly signal?: AbortSignal;
}

export interface PodRef {
  readonly namespace: string;
  readonly name: string;
}

export interface KubeDriver {
  /** The kubeconfig context and the API server it points at (for messages). */
  readonly context: string;
  readonly server: string;
  /** Applies in order, Namespaces first; returns what the server made of each (defaults filled in). */
  apply(objects: readonly KubeResource[], opts?: ApplyOptions): Promise<KubeResource[]>;
  get(kind: KubeKind, name: string, namespace?: string): Promise<KubeResource | undefined>;
  list(kind: KubeKind, selection: Selection): Promise<KubeResource[]>;
  /**
   * Deletes one object (its dependants in the background); false when it was not there. With `waitGone`, returns
   * once the name is free again (a Job about to be created anew under the same name).
   */
  remove(o: KubeResource, opts?: { readonly waitGone?: boolean }): Promise<boolean>;
  /** Deletes every object of these kinds that the selection matches; returns what it deleted. */
  deleteByLabel(kinds: readonly KubeKind[], selection: Selection, opts?: { dryRun?: boolean }): Promise<KubeResource[]>;
  /**
   * Lists what the selection matches (each as ADDED), then follows changes until `stop()`, reopening a dropped
   * watch by itself (see watch.ts). Resolves once the list is delivered; rejects when that first list fails.
   */
  watch(
    kind: KubeKind,
    selection: Selection,
    onEvent: (type: WatchEventType, object: KubeResource) => void,
    opts?: WatchOptions,
  ): Promise<Watching>;
  /** One container's log lines (stdout and stderr together, as the kubelet keeps them); resolves when it ends. */
  podLogs(pod: PodRef, container: string, opts: PodLogOptions, onLine: (line: string) => void): Promise<void>;
  /** The Events (v1) whose involvedObject is this object, as the server has them (unsorted). */
  events(object: {
    readonly kind: string;
    readonly name: string;
    readonly namespace: string;
    readonly uid?: string;
  }): Promise<KubeResource[]>;
  /** A JSON merge patch of one object, as field manager `oh-env`; returns the object as the server has it then. */
  patch(kind: KubeKind, name: string, namespace: string | undefined, body: unknown): Promise<KubeResource>;
}

/** How long `remove(..., { waitGone })` waits for the API server to let go of a name. */
const GONE_WITHIN_MS = 120_000;

/** Requests in flight at once after the Namespaces: an apply of a few hundred objects is not one long queue. */
const APPLY_CONCURRENCY = 8;

export const refOf = (o: { readonly kind: string; readonly metadata: KubeResource['metadata'] }): string =>
  `${o.kind}/${o.metadata.namespace ? `${o.metadata.namespace}/` : ''}${o.metadata.name}`;

export const labelSelector = (labels: Readonly<Record<string, string>>): string =>
  Object.entries(labels)
    .map(([k, v]) => `${k}=${v}`)
    .join(',');

/** The same form for fields (metadata.name=x,...). */
export const fieldSelector = labelSelector;

/** Loads the kubeconfig, checks that the API server answers, and returns the driver bound to it. */
export async function connectKube(opts: ConnectOptions = {}): Promise<KubeDriver> {
  const { connect } = await import('./client.js');
  const { api, context, server } = await connect(opts);
  return bind(api, context, server);
}

function bind(api: ApplyApi, context: string, server: string): KubeDriver {
  const rejected = (o: KubeResource | KubeKind, what: string, cause: unknown): OhEnvError =>
    api.rejection('metadata' in o ? refOf(o as KubeResource) : `${o.kind}`, what, cause, server);

  const applyOne = async (o: KubeResource, opts: ApplyOptions): Promise<KubeResource> => {
    try {
      return await api.serverSideApply(o, (opts.encode ?? JSON.stringify)(o), {
        fieldManager: FIELD_MANAGER,
        dryRun: opts.dryRun ?? false,
      });
    } catch (e) {
      throw rejected(o, opts.dryRun ? 'apply (server dry run)' : 'apply', e);
    }
  };

  const list = async (kind: KubeKind, selection: Selection): Promise<KubeResource[]> => {
    try {
      return await api.listObjects(kind, selection.namespace, labelSelector(selection.labels));
    } catch (e) {
      throw rejected(kind, 'list', e);
    }
  };

  const get = async (kind: KubeKind, name: string, namespace?: string): Promise<KubeResource | undefined> => {
    try {
      return await api.readObject(kind, name, namespace);
    } catch (e) {
      if (api.statusOf(e) === 404) return undefined;
      throw rejected(kind, `get ${name}`, e);
    }
  };

  return {
    context,
    server,
    list,
    watch(kind, selection, onEvent, opts) {
      const target = {
        kind,
        namespace: selection.namespace,
        label: labelSelector(selection.labels),
        field: fieldSelector(selection.fields ?? {}),
      };
      return listAndWatch(api, target, onEvent, (what, cause) => rejected(kind, what, cause), opts);
    },
    async podLogs(pod, container, opts, onLine) {
      try {
        await api.podLog(pod.namespace, pod.name, container, opts, onLine);
      } catch (e) {
        throw api.rejection(`Pod/${pod.namespace}/${pod.name}`, `logs of container ${container} of`, e, server);
      }
    },
    async events(object) {
      const kind = { apiVersion: 'v1', kind: 'Event' };
      const fields = {
        'involvedObject.kind': object.kind,
        'involvedObject.name': object.name,
        ...(object.uid ? { 'involvedObject.uid': object.uid } : {}),
      };
      try {
        return (await api.listRaw(kind, object.namespace, '', fieldSelector(fields))).items;
      } catch (e) {
        throw rejected(kind, `list (of ${object.kind}/${object.name})`, e);
      }
    },
    async patch(kind, name, namespace, body) {
      try {
        return await api.mergePatch(kind, name, namespace, body, FIELD_MANAGER);
      } catch (e) {
        throw api.rejection(`${kind.kind}/${namespace ? `${namespace}/` : ''}${name}`, 'patch', e, server);
      }
    },
    async apply(objects, opts = {}) {
      const namespaces = objects.filter((o) => o.kind === 'Namespace' && o.apiVersion === 'v1');
      const rest = objects.filter((o) => !namespaces.includes(o));
      const out: KubeResource[] = [];
      for (const ns of namespaces) out.push(await applyOne(ns, opts));
      for (let i = 0; i < rest.length; i += APPLY_CONCURRENCY)
        out.push(...(await Promise.all(rest.slice(i, i + APPLY_CONCURRENCY).map((o) => applyOne(o, opts)))));
      return out;
    },
    get,
    async remove(o, opts = {}) {
      try {
        await api.deleteObject(o, false);
      } catch (e) {
        if (api.statusOf(e) === 404) return false;
        throw rejected(o, 'delete', e);
      }
      if (opts.waitGone) {
        // Finalizers run on the server after the DELETE returns; the name is free once a read says 404.
        const deadline = Date.now() + GONE_WITHIN_MS;
        while (await get(o, o.metadata.name, o.metadata.namespace)) {
          if (Date.now() > deadline)
            throw new OhEnvError(
              'E_KUBE_REJECTED',
              `delete ${refOf(o)}: still there after ${GONE_WITHIN_MS / 1000} s`,
              {
                hint: `look at its finalizers: kubectl get ${o.kind.toLowerCase()} ${o.metadata.name} -o yaml`,
              },
            );
          await new Promise((r) => setTimeout(r, 250));
        }
      }
      return true;
    },
    async deleteByLabel(kinds, selection, opts = {}) {
      const deleted: KubeResource[] = [];
      for (const kind of kinds) {
        const found = await list(kind, selection);
        for (const o of found) {
          try {
            await api.deleteObject(o, opts.dryRun ?? false);
            deleted.push(o);
          } catch (e) {
            if (api.statusOf(e) !== 404) throw rejected(o, 'delete', e); // gone already: what we wanted
          }
        }
      }
      return deleted;
    },
  };
}

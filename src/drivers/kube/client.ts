// Everything the kube driver does through @kubernetes/client-node (the only file that imports it; index.ts
// loads this one lazily): reading the kubeconfig, asking the server for its version, and the generic object
// API with a server-side apply that sends the body as given. The library's own
// patch() re-serialises the object through its typed models, which drops every field its models do not know
// (a newer API field, or a typo the server's strict validation should report) and always sends JSON; here the
// caller's exact bytes go to the server (application/apply-patch+yaml), so what is applied is what was written.
import { PassThrough } from 'node:stream';
import { createInterface } from 'node:readline';
import {
  ApiException,
  HttpMethod,
  KubeConfig,
  KubernetesObjectApi,
  Log,
  VersionApi,
  Watch,
  type KubernetesObject,
} from '@kubernetes/client-node';
import { OhEnvError } from '../../errors.js';
import type { ConnectOptions, KubeKind, KubeResource, RawWatchEvent } from './types.js';

export interface Connection {
  readonly api: ApplyApi;
  readonly context: string;
  readonly server: string;
}

/** Loads the kubeconfig (file and context) and checks that its API server answers. */
export async function connect(opts: ConnectOptions): Promise<Connection> {
  const kc = new KubeConfig();
  const where = opts.kubeconfig ?? 'the default kubeconfig (KUBECONFIG or ~/.kube/config)';
  try {
    if (opts.kubeconfig) kc.loadFromFile(opts.kubeconfig);
    else kc.loadFromDefault();
  } catch (cause) {
    throw new OhEnvError('E_CLUSTER_UNREACHABLE', `cannot read ${where}: ${(cause as Error).message}`, {
      hint: 'pass --kubeconfig FILE or set KUBECONFIG to a readable kubeconfig',
      cause,
    });
  }
  if (opts.context) {
    const names = kc.getContexts().map((c) => c.name);
    if (!names.includes(opts.context))
      throw new OhEnvError('E_CLUSTER_UNREACHABLE', `no context "${opts.context}" in ${where}`, {
        hint: names.length > 0 ? `use one of: ${names.join(', ')}` : 'the file defines no context',
      });
    kc.setCurrentContext(opts.context);
  }
  const server = kc.getCurrentCluster()?.server ?? '';
  const context = kc.getCurrentContext();
  if (!server)
    throw new OhEnvError('E_CLUSTER_UNREACHABLE', `context "${context}" of ${where} names no cluster`, {
      hint: 'check the kubeconfig, or name another context',
    });
  try {
    await kc.makeApiClient(VersionApi).getCode();
  } catch (cause) {
    throw new OhEnvError('E_CLUSTER_UNREACHABLE', `the API server ${server} (context "${context}") does not answer`, {
      hint: 'start the cluster (kind: `kind get clusters`; GKE: `gcloud container clusters list`) or pick another context',
      cause,
      details: [cause instanceof Error ? cause.message : String(cause)],
    });
  }
  return { api: ApplyApi.fromConfig(kc), context, server };
}

const asResource = (o: KubernetesObject): KubeResource => o as unknown as KubeResource;

export class ApplyApi extends KubernetesObjectApi {
  /** What KubernetesObjectApi.makeApiClient does (server, auth, TLS, default namespace), for this class. */
  static fromConfig(kc: KubeConfig): ApplyApi {
    const api = kc.makeApiClient(ApplyApi);
    api.setDefaultNamespace(kc);
    api.kc = kc;
    return api;
  }

  /** Watches and log streams are separate clients of the library, built from the same kubeconfig. */
  private kc: KubeConfig | undefined;

  async serverSideApply(
    o: KubeResource,
    body: string,
    opts: { readonly fieldManager: string; readonly dryRun: boolean },
  ): Promise<KubeResource> {
    const path = await this.specUriPath(o as unknown as KubernetesObject, 'patch');
    const request = this.configuration.baseServer.makeRequestContext(path, HttpMethod.PATCH);
    request.setHeaderParam('Accept', 'application/json');
    request.setHeaderParam('Content-Type', 'application/apply-patch+yaml');
    request.setQueryParam('fieldManager', opts.fieldManager);
    // oh-env owns every field it renders: a field another manager took (kubectl edit) is taken back.
    request.setQueryParam('force', 'true');
    // An unknown or duplicated field is an error, not silently dropped: a render bug must not go unnoticed.
    request.setQueryParam('fieldValidation', 'Strict');
    if (opts.dryRun) request.setQueryParam('dryRun', 'All');
    request.setBody(body);
    return asResource(await this.requestPromise<KubernetesObject>(request));
  }

  async readObject(kind: KubeKind, name: string, namespace?: string): Promise<KubeResource> {
    const header = { ...kind, metadata: { name, ...(namespace ? { namespace } : {}) } };
    return asResource(await this.read(header));
  }

  async listObjects(kind: KubeKind, namespace: string | undefined, labelSelector: string): Promise<KubeResource[]> {
    const list = await this.list(
      kind.apiVersion,
      kind.kind,
      namespace,
      undefined,
      undefined,
      undefined,
      undefined,
      labelSelector,
    );
    // Items of a list carry no apiVersion/kind of their own.
    return list.items.map((i) => ({ ...asResource(i), apiVersion: kind.apiVersion, kind: kind.kind }));
  }

  /**
   * A list as the server sent it (no typed models: timestamps stay strings, unknown fields stay), with the
   * list's resourceVersion, where a watch continues from.
   */
  async listRaw(
    kind: KubeKind,
    namespace: string | undefined,
    labelSelector: string,
    fieldSelector: string,
  ): Promise<{ items: KubeResource[]; resourceVersion: string }> {
    const path = await this.specUriPath({ ...kind, metadata: namespace ? { namespace } : {} }, 'list');
    const request = this.configuration.baseServer.makeRequestContext(path, HttpMethod.GET);
    request.setHeaderParam('Accept', 'application/json');
    if (labelSelector) request.setQueryParam('labelSelector', labelSelector);
    if (fieldSelector) request.setQueryParam('fieldSelector', fieldSelector);
    // 'any': the library leaves the items as parsed JSON.
    const list = await this.requestPromise<{ items?: KubeResource[]; metadata?: { resourceVersion?: string } }>(
      request,
      'any',
    );
    return {
      items: (list.items ?? []).map((i) => ({ ...i, apiVersion: kind.apiVersion, kind: kind.kind })),
      resourceVersion: list.metadata?.resourceVersion ?? '',
    };
  }

  /**
   * One watch request from `resourceVersion`; `done` is called once, when the server closes it (after
   * `timeoutSeconds`), on an error, or after `abort()` of the returned controller.
   */
  async watchOnce(
    kind: KubeKind,
    namespace: string | undefined,
    selectors: { readonly label: string; readonly field: string },
    resourceVersion: string,
    onEvent: (e: RawWatchEvent) => void,
    done: (err: unknown) => void,
  ): Promise<AbortController> {
    const path = await this.specUriPath({ ...kind, metadata: namespace ? { namespace } : {} }, 'list');
    return new Watch(this.config()).watch(
      path,
      {
        resourceVersion,
        allowWatchBookmarks: true,
        // The library ends a watch that is silent for 30 s; the server closes it first, and it is reopened.
        timeoutSeconds: 25,
        ...(selectors.label ? { labelSelector: selectors.label } : {}),
        ...(selectors.field ? { fieldSelector: selectors.field } : {}),
      },
      (type: string, object: unknown) => onEvent({ type, object } as RawWatchEvent),
      done,
    );
  }

  /** Streams one container's log, line by line, until it ends (or the signal aborts: then resolves). */
  async podLog(
    namespace: string,
    pod: string,
    container: string,
    opts: {
      readonly follow: boolean;
      readonly tail?: number;
      readonly previous?: boolean;
      readonly signal?: AbortSignal;
    },
    onLine: (line: string) => void,
  ): Promise<void> {
    if (opts.signal?.aborted) return;
    const out = new PassThrough();
    const lines = createInterface({ input: out, crlfDelay: Infinity });
    lines.on('line', onLine);
    const ended = new Promise<void>((resolve) => lines.once('close', resolve));
    const controller = await new Log(this.config()).log(namespace, pod, container, out, {
      follow: opts.follow,
      ...(opts.tail !== undefined ? { tailLines: opts.tail } : {}),
      ...(opts.previous ? { previous: true } : {}),
    });
    const stop = (): void => {
      controller.abort();
      out.end();
    };
    opts.signal?.addEventListener('abort', stop, { once: true });
    // An aborted or broken body never ends the PassThrough by itself (pipe() does not forward errors).
    out.on('unpipe', () => out.end());
    try {
      await ended;
    } finally {
      opts.signal?.removeEventListener('abort', stop);
    }
  }

  /** A JSON merge patch (what `kubectl patch --type merge` sends); returns the object as the server has it. */
  async mergePatch(kind: KubeKind, name: string, namespace: string | undefined, body: unknown, fieldManager: string) {
    const path = await this.specUriPath({ ...kind, metadata: { name, ...(namespace ? { namespace } : {}) } }, 'patch');
    const request = this.configuration.baseServer.makeRequestContext(path, HttpMethod.PATCH);
    request.setHeaderParam('Accept', 'application/json');
    request.setHeaderParam('Content-Type', 'application/merge-patch+json');
    request.setQueryParam('fieldManager', fieldManager);
    request.setBody(JSON.stringify(body));
    return this.requestPromise<KubeResource>(request, 'any');
  }

  private config(): KubeConfig {
    if (!this.kc) throw new Error('the client was not built from a kubeconfig (ApplyApi.fromConfig)');
    return this.kc;
  }

  async deleteObject(o: KubeResource, dryRun: boolean): Promise<void> {
    await this.delete(
      o as unknown as KubernetesObject,
      undefined,
      dryRun ? 'All' : undefined,
      undefined,
      undefined,
      'Background',
    );
  }

  statusOf(e: unknown): number | undefined {
    if (e instanceof ApiException) return e.code;
    // The watch client reports a failed request as an Error with the HTTP status.
    const code = (e as { statusCode?: unknown } | undefined)?.statusCode;
    return typeof code === 'number' ? code : undefined;
  }

  /** One error for whatever the server (or the discovery of a kind) said no to. */
  rejection(ref: string, what: string, cause: unknown, server: string): OhEnvError {
    if (cause instanceof ApiException) {
      const body = typeof cause.body === 'string' ? safeJson(cause.body) : cause.body;
      const message = (body as { message?: string } | undefined)?.message ?? String(cause.body ?? cause.message);
      return new OhEnvError('E_KUBE_REJECTED', `${what} ${ref}: ${message}`, {
        hint:
          cause.code === 404 && /namespaces? "[^"]+" not found/.test(message)
            ? 'the namespace does not exist: a dry run creates nothing, so apply the Namespace first'
            : cause.code === 401 || cause.code === 403
              ? `the credentials of the kubeconfig may not do this on ${server}`
              : 'the API server refused the object: fix the model (or the render) and try again',
        cause,
        details: [`HTTP ${cause.code} from ${server}`],
      });
    }
    const message = cause instanceof Error ? cause.message : String(cause);
    const unknownKind = /Unrecognized API version and kind/.test(message);
    return new OhEnvError('E_KUBE_REJECTED', `${what} ${ref}: ${message}`, {
      hint: unknownKind
        ? 'the cluster does not serve this kind: install the CRD that defines it, or leave the object out'
        : `check that ${server} is reachable`,
      cause,
    });
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return { message: text };
  }
}

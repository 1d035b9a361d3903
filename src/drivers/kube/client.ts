// Everything the kube driver does through @kubernetes/client-node (the only file that imports it; index.ts
// loads this one lazily): reading the kubeconfig, asking the server for its version, and the generic object
// API with a server-side apply that sends the body as given. The library's own
// patch() re-serialises the object through its typed models, which drops every field its models do not know
// (a newer API field, or a typo the server's strict validation should report) and always sends JSON; here the
// caller's exact bytes go to the server (application/apply-patch+yaml), so what is applied is what was written.
import {
  ApiException,
  HttpMethod,
  KubeConfig,
  KubernetesObjectApi,
  VersionApi,
  type KubernetesObject,
} from '@kubernetes/client-node';
import { OhEnvError } from '../../errors.js';
import type { ConnectOptions, KubeKind, KubeResource } from './types.js';

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
    return api;
  }

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
    return e instanceof ApiException ? e.code : undefined;
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

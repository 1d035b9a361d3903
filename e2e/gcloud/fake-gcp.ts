// A fake of Google's REST APIs for the contract test of the GCP plan: it sits behind the REAL gcloud CLI
// (pointed at it with CLOUDSDK_API_ENDPOINT_OVERRIDES_*), records every request, and answers with plausible
// resources and finished operations so gcloud completes its command. Google's APIs cannot run here; this is
// the one fake the test needs, and it is at the HTTP boundary. Listens on 127.0.0.1 only.
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSecureContext, TLSSocket } from 'node:tls';
import { throwawayCertificate } from '../support/throwaway-cert.js';

export interface RecordedRequest {
  readonly api: string;
  readonly method: string;
  /** Path after the API prefix, without the query. */
  readonly path: string;
  readonly query: string;
  readonly body: Record<string, unknown>;
}

/** The API prefixes this fake serves: each gets its own path prefix so one port serves all. */
export const APIS = [
  'artifactregistry',
  'cloudresourcemanager',
  'compute',
  'container',
  'iam',
  'redis',
  'secretmanager',
  'servicenetworking',
  'serviceusage',
  'sql',
  'storage',
] as const;

const lastSegment = (path: string): string =>
  decodeURIComponent(path.split('/').filter(Boolean).pop() ?? '').split(':')[0]!;

/** Secret Manager values the fake holds, by secret id: what `gcloud secrets versions access` prints. */
export type SecretValues = Readonly<Record<string, string>>;

function respond(base: string, r: RecordedRequest, secrets: SecretValues): unknown {
  const { api, method, path, body } = r;
  if (api === 'cloudresourcemanager' && method === 'GET')
    return { projectId: lastSegment(path), projectNumber: '123456789012', lifecycleState: 'ACTIVE' };
  if (path.endsWith(':getIamPolicy') || (method === 'GET' && path.endsWith('/iam')))
    return { version: 1, etag: 'BwY=', bindings: [] };
  if (path.endsWith(':setIamPolicy')) return (body.policy as object) ?? {};
  if (method === 'PUT' && path.endsWith('/iam')) return body;
  const url = `${base}${api}${api === 'compute' ? '/v1' : ''}${path}`;
  switch (api) {
    case 'compute': {
      const op = (target: string) => ({
        kind: 'compute#operation',
        name: 'op-1',
        status: 'DONE',
        progress: 100,
        targetLink: target,
        selfLink: `${url}/operations/op-1`,
      });
      if (path.includes('/operations/')) return op(url);
      if (method === 'POST') return op(`${url}/${String(body.name ?? 'x')}`);
      const region = /\/regions\/([^/]+)/.exec(path)?.[1];
      return {
        kind: 'compute#resource',
        name: lastSegment(path),
        id: '1',
        selfLink: url,
        status: 'RESERVED',
        address: '10.0.0.1',
        ...(region ? { region: `${base}compute/v1/projects/p/regions/${region}` } : {}),
      };
    }
    case 'container': {
      const op = { name: 'op-1', status: 'DONE', operationType: 'CREATE_CLUSTER', selfLink: url, targetLink: url };
      if (method !== 'GET' || path.includes('/operations/')) return op;
      if (path.includes('/nodePools/'))
        return { name: lastSegment(path), status: 'RUNNING', config: {}, selfLink: url };
      return {
        name: lastSegment(path),
        status: 'RUNNING',
        location: path.split('/')[4],
        endpoint: '127.0.0.1',
        currentMasterVersion: '1.37.2-gke.100',
        masterAuth: { clusterCaCertificate: '' },
        nodePools: [],
        selfLink: url,
      };
    }
    case 'sql': {
      const op = {
        kind: 'sql#operation',
        name: 'op-1',
        status: 'DONE',
        operationType: 'CREATE',
        targetProject: 'p',
        selfLink: `${url}`,
      };
      if (method !== 'GET' || path.includes('/operations/')) return op;
      if (path.endsWith('/users')) return { items: [] };
      return {
        kind: 'sql#instance',
        name: lastSegment(path),
        state: 'RUNNABLE',
        databaseVersion: 'POSTGRES_15',
        settings: {},
      };
    }
    case 'iam':
      if (method === 'POST' && path.endsWith('/serviceAccounts'))
        return {
          name: `projects/p/serviceAccounts/${String(body.accountId)}@p.iam.gserviceaccount.com`,
          email: `${String(body.accountId)}@p.iam.gserviceaccount.com`,
          uniqueId: '1',
        };
      return { name: path.slice(4), email: lastSegment(path) };
    case 'secretmanager':
      if (path.endsWith(':access')) {
        // No dataCrc32c: gcloud checks the payload only when the answer carries one.
        const secret = /\/secrets\/([^/]+)\//.exec(path)?.[1] ?? '';
        return { name: path.slice(4), payload: { data: Buffer.from(secrets[secret] ?? '').toString('base64') } };
      }
      if (path.endsWith(':addVersion'))
        return {
          name: `${path.slice(4).replace(/:addVersion$/, '')}/versions/1`,
          state: 'ENABLED',
          clientSpecifiedPayloadChecksum: true,
        };
      if (path.endsWith('/versions')) return { versions: [] };
      if (method === 'POST')
        return {
          name: `${path.slice(4)}/${r.query.match(/secretId=([^&]+)/)?.[1] ?? 'x'}`,
          replication: { automatic: {} },
        };
      return { name: path.slice(4) };
    case 'storage':
      return {
        kind: 'storage#bucket',
        name: String(body.name ?? lastSegment(path)),
        id: String(body.name ?? lastSegment(path)),
        location: 'US',
        storageClass: 'STANDARD',
      };
    default: {
      // APIs with long-running operations (google.longrunning.Operation): finished at once.
      if (path.includes('/operations/')) return { name: path.slice(4), done: true, response: {} };
      if (method === 'GET') return { name: path.slice(4) };
      return {
        name: `${path.slice(4).replace(/:[a-zA-Z]+$/, '')}/operations/op-1`,
        done: true,
        response: { ...body, name: path.slice(4) },
      };
    }
  }
}

/**
 * Hosts gcloud reaches without an endpoint-override property (servicenetworking has none): gcloud is given
 * this fake as its HTTP proxy, and CONNECTs to these hosts are answered here, over TLS with a throwaway
 * certificate that gcloud is told to trust. A CONNECT to any other host is refused and recorded, so nothing
 * ever leaves the machine.
 */
const INTERCEPTED_HOSTS: Readonly<Record<string, string>> = {
  'servicenetworking.googleapis.com:443': 'servicenetworking',
};

export interface FakeGcp {
  readonly requests: RecordedRequest[];
  /** CONNECT targets that were refused: an API gcloud would have reached on the internet. */
  readonly refusedConnects: string[];
  /** Environment that points gcloud at this fake. */
  env(configDir: string, project: string): Record<string, string>;
  close(): Promise<void>;
}

export async function startFakeGcp(secrets: SecretValues = {}): Promise<FakeGcp> {
  const requests: RecordedRequest[] = [];
  const refusedConnects: string[] = [];
  const dir = mkdtempSync(join(tmpdir(), 'oh-env-fake-gcp-'));
  const hosts = Object.keys(INTERCEPTED_HOSTS).map((h) => h.split(':')[0]!);
  const tls = throwawayCertificate(dir, `/CN=${hosts[0]}`, [
    `subjectAltName=${hosts.map((h) => `DNS:${h}`).join(',')}`,
    'basicConstraints=critical,CA:TRUE',
    'keyUsage=critical,digitalSignature,keyCertSign',
  ]);
  const secureContext = createSecureContext({ key: tls.key, cert: tls.cert });
  let base = '';
  const server: Server = createServer((req, res) => {
    let raw = '';
    req.on('data', (d: Buffer) => (raw += d.toString()));
    req.on('end', () => {
      // Through the proxy, requests arrive in absolute form; intercepted hosts arrive with a Host header.
      const url = new URL(req.url ?? '/', `http://${req.headers.host ?? '127.0.0.1'}`);
      const intercepted = INTERCEPTED_HOSTS[`${url.hostname}:443`];
      const parts = url.pathname.split('/');
      const api = intercepted ?? parts[1] ?? '';
      const rest = intercepted ? parts.slice(1) : parts.slice(2);
      const query = url.search.replace(/^\?/, '');
      let path = `/${rest.join('/')}`;
      if (api === 'compute') path = path.replace(/^\/v1/, '');
      let body: Record<string, unknown>;
      try {
        body = raw ? (JSON.parse(raw) as Record<string, unknown>) : {};
      } catch {
        body = { raw };
      }
      const r: RecordedRequest = { api, method: req.method ?? 'GET', path, query, body };
      requests.push(r);
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify(respond(base, r, secrets)));
    });
  });
  server.on('connect', (req, socket: Socket) => {
    const target = req.url ?? '';
    if (!INTERCEPTED_HOSTS[target]) {
      refusedConnects.push(target);
      socket.end('HTTP/1.1 403 Forbidden\r\n\r\n');
      return;
    }
    socket.write('HTTP/1.1 200 Connection Established\r\n\r\n');
    server.emit('connection', new TLSSocket(socket, { isServer: true, secureContext }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  base = `http://127.0.0.1:${port}/`;
  return {
    requests,
    refusedConnects,
    env(configDir, project) {
      const env: Record<string, string> = {
        CLOUDSDK_CONFIG: configDir,
        CLOUDSDK_CORE_PROJECT: project,
        CLOUDSDK_AUTH_DISABLE_CREDENTIALS: 'true',
        CLOUDSDK_CORE_DISABLE_PROMPTS: '1',
        CLOUDSDK_CORE_DISABLE_USAGE_REPORTING: 'true',
        CLOUDSDK_COMPONENT_MANAGER_DISABLE_UPDATE_CHECK: 'true',
        CLOUDSDK_PROXY_TYPE: 'http',
        CLOUDSDK_PROXY_ADDRESS: '127.0.0.1',
        CLOUDSDK_PROXY_PORT: String(port),
        CLOUDSDK_CORE_CUSTOM_CA_CERTS_FILE: tls.certFile,
      };
      for (const api of APIS)
        env[`CLOUDSDK_API_ENDPOINT_OVERRIDES_${api.toUpperCase()}`] = `${base}${api}/${api === 'compute' ? 'v1/' : ''}`;
      return env;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }).finally(() => rmSync(dir, { recursive: true, force: true })),
  };
}

// NetworkPolicies on GKE: everything in the namespace is denied in both directions, then each workload gets
// exactly the traffic the model says it has:
// - ingress from the workloads that depend on it (dependsOn / uses), on its ports;
// - ingress from Google's load balancers and health checkers to the ports the Ingress routes to;
// - egress to its dependencies' pods, to Cloud SQL / Memorystore in the private services range (the ports of
//   the backends it uses), to the GKE metadata server when it acts as a Google service account, and to TCP
//   443 anywhere: Google APIs (GCS, the Cloud SQL connector's admin API, Secret Manager) have no fixed
//   addresses, the Kubernetes API is on 443 (sandbox runtime, job waits), and so are the LLM providers;
// - ingress from Prometheus (namespaces gmp-system / monitoring) to the metrics port when monitoring is on;
// - DNS for every pod.
// Sandbox pods (what KubernetesRuntime starts, label app=openhands-runtime) accept traffic from the runtime
// service and the load balancer (VSCode) only, and may reach the internet but nothing private: no cluster
// pods, no VPC addresses, no metadata server — an agent's code gets no Google credentials.
import type { Environment } from '../../model/schema.js';
import { POSTGRES_PORT, REDIS_PORT } from '../../model/contract.js';
import { dependencyGraph } from '../../model/graph.js';
import { dnsName } from '../names.js';
import { meta, selectorLabels, type KubeContext, type KubeObject, type OwnerKind } from '../kube/meta.js';
import { routedServices } from '../kube/ingress.js';
import { workloadIdentityWorkloads } from './accounts.js';
import { PRIVATE_SERVICES_RANGE } from './gcp-names.js';

/** Google Front Ends and health checkers (what an external HTTP(S) load balancer's traffic comes from). */
export const GOOGLE_LB_RANGES = ['35.191.0.0/16', '130.211.0.0/22'];
/** The GKE metadata server (Workload Identity): 169.254.169.254:80, served on 169.254.169.252:988. */
const METADATA_SERVER = [
  { cidr: '169.254.169.254/32', port: 80 },
  { cidr: '169.254.169.252/32', port: 988 },
];
/** Cloud SQL: the connector talks to port 3307 of the instance; plain clients use 5432. */
const CLOUD_SQL_PORTS = [3307, POSTGRES_PORT];
const PRIVATE_RANGES = ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', '169.254.0.0/16', '100.64.0.0/10'];
/** Where Prometheus scrapes from: Google Managed Prometheus collectors, or a prometheus-operator install. */
export const MONITORING_NAMESPACES = ['gmp-system', 'monitoring'];
export const SANDBOX_SELECTOR = { app: 'openhands-runtime' } as const;
/** Ports of a KubernetesRuntime sandbox pod: action execution server and VSCode. */
export const SANDBOX_PORTS = [8080, 8081];

interface Owner {
  readonly name: string;
  readonly kind: OwnerKind;
}

const tcp = (port: number) => ({ protocol: 'TCP', port });

function policy(ctx: KubeContext, name: string, owner: Owner, spec: Record<string, unknown>): KubeObject {
  return { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: meta(ctx, name, owner), spec };
}

/** Ports a service's pods serve (for dependents). */
const servicePorts = (env: Environment, name: string): number[] => (env.services[name]?.ports ?? []).map((p) => p.port);

export function networkPolicies(ctx: KubeContext): KubeObject[] {
  const { env } = ctx;
  const envName = env.metadata.name;
  const envOwner: Owner = { name: envName, kind: 'environment' };
  const objects: KubeObject[] = [
    policy(ctx, dnsName(envName, 'default-deny'), envOwner, { podSelector: {}, policyTypes: ['Ingress', 'Egress'] }),
    policy(ctx, dnsName(envName, 'allow-dns'), envOwner, {
      podSelector: {},
      policyTypes: ['Egress'],
      egress: [{ ports: [{ protocol: 'UDP', port: 53 }, tcp(53)] }],
    }),
  ];
  const graph = dependencyGraph(env);
  const routed = routedServices(env);
  const wi = new Set(workloadIdentityWorkloads(env));
  const runtimeServices = Object.entries(env.services)
    .filter(([, s]) => s.kubernetesRuntime)
    .map(([n]) => n);
  const workloads = [...Object.keys(env.services), ...Object.keys(env.jobs)].sort();

  for (const name of workloads) {
    const w = env.services[name] ?? env.jobs[name];
    if (!w) continue;
    const ingress: Record<string, unknown>[] = [];
    const ports = servicePorts(env, name);
    const dependents = graph
      .filter((n) => n.deps.some((d) => d.to === name) && n.kind !== 'backend')
      .map((n) => n.name)
      .sort();
    if (ports.length > 0 && dependents.length > 0)
      ingress.push({
        from: dependents.map((d) => ({ podSelector: { matchLabels: selectorLabels(ctx, d) } })),
        ports: ports.map(tcp),
      });
    const lbPorts = [...(routed.get(name) ?? [])].sort((a, b) => a - b);
    if (lbPorts.length > 0)
      ingress.push({ from: GOOGLE_LB_RANGES.map((cidr) => ({ ipBlock: { cidr } })), ports: lbPorts.map(tcp) });

    const metrics = env.services[name]?.metrics;
    if (metrics && env.monitoring.enabled) {
      const port = env.services[name]?.ports.find((p) => p.name === metrics.port || p.port === metrics.port);
      if (port)
        ingress.push({
          from: [
            {
              namespaceSelector: {
                matchExpressions: [
                  { key: 'kubernetes.io/metadata.name', operator: 'In', values: [...MONITORING_NAMESPACES] },
                ],
              },
            },
          ],
          ports: [tcp(port.port)],
        });
    }

    const egress: Record<string, unknown>[] = [];
    const node = graph.find((n) => n.name === name);
    for (const dep of node?.deps ?? []) {
      const depPorts = servicePorts(env, dep.to);
      if (env.services[dep.to] && depPorts.length > 0)
        egress.push({ to: [{ podSelector: { matchLabels: selectorLabels(ctx, dep.to) } }], ports: depPorts.map(tcp) });
    }
    const backendPorts = w.uses
      .flatMap((b) => {
        const t = env.backends[b]?.type;
        return t === 'postgres' ? CLOUD_SQL_PORTS : t === 'redis' ? [REDIS_PORT] : [];
      })
      .sort((a, b) => a - b);
    if (backendPorts.length > 0)
      egress.push({
        to: [{ ipBlock: { cidr: PRIVATE_SERVICES_RANGE.cidr } }],
        ports: [...new Set(backendPorts)].map(tcp),
      });
    if (wi.has(name))
      for (const m of METADATA_SERVER) egress.push({ to: [{ ipBlock: { cidr: m.cidr } }], ports: [tcp(m.port)] });
    if (runtimeServices.includes(name))
      egress.push({ to: [{ podSelector: { matchLabels: SANDBOX_SELECTOR } }], ports: SANDBOX_PORTS.map(tcp) });
    egress.push({ to: [{ ipBlock: { cidr: '0.0.0.0/0' } }], ports: [tcp(443)] });

    objects.push(
      policy(
        ctx,
        dnsName(name, 'network'),
        { name, kind: env.services[name] ? 'service' : 'job' },
        {
          podSelector: { matchLabels: selectorLabels(ctx, name) },
          policyTypes: ['Ingress', 'Egress'],
          ...(ingress.length > 0 ? { ingress } : {}),
          egress,
        },
      ),
    );
  }

  if (runtimeServices.length > 0)
    objects.push(
      policy(ctx, dnsName(envName, 'sandboxes'), envOwner, {
        podSelector: { matchLabels: SANDBOX_SELECTOR },
        policyTypes: ['Ingress', 'Egress'],
        ingress: [
          {
            from: runtimeServices.map((s) => ({ podSelector: { matchLabels: selectorLabels(ctx, s) } })),
            ports: SANDBOX_PORTS.map(tcp),
          },
          // VSCode links go through the sandbox's own Ingress.
          { from: GOOGLE_LB_RANGES.map((cidr) => ({ ipBlock: { cidr } })), ports: [tcp(8081)] },
        ],
        egress: [{ to: [{ ipBlock: { cidr: '0.0.0.0/0', except: PRIVATE_RANGES } }] }],
      }),
    );
  return objects;
}

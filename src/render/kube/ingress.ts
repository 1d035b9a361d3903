// The Ingress for the model's public host and routes, with the TLS Secret its mode names (a self-signed one
// `up` creates at apply time, or the user's). The controller (class, load balancer, managed certificate) is
// the target's patch: ingress-nginx on kind, the GCE load balancer on GKE.
import type { Environment, Ingress } from '../../model/schema.js';
import { dnsName } from '../names.js';
import { meta, tlsSecretName, type KubeContext, type KubeObject } from './meta.js';
import { portNumber } from './probes.js';

function routePort(env: Environment, service: string, port: number | string): number {
  const ports = env.services[service]?.ports ?? [];
  return typeof port === 'number' ? port : portNumber(ports, port);
}

/** TLS Secret name for the host, or undefined for none/managed. */
function tlsSecret(ctx: KubeContext, ing: Ingress): string | undefined {
  switch (ing.tls.mode) {
    case 'none':
      return undefined;
    case 'secret':
      return ing.tls.secretName;
    case 'self-signed':
      return tlsSecretName(ctx.env);
    case 'managed':
      if (ctx.profile.managedCertificates) return undefined;
      ctx.warnings.push({
        path: 'ingress.tls.mode',
        message: `a managed certificate exists only on GKE; ${ctx.target} serves the host with a self-signed certificate`,
        hint: `expected on ${ctx.target}: browsers will ask to trust the certificate`,
      });
      return tlsSecretName(ctx.env);
  }
}

export function ingressObjects(ctx: KubeContext): KubeObject[] {
  const ing = ctx.env.ingress;
  if (!ing) return [];
  const owner = { name: ctx.env.metadata.name, kind: 'environment' as const };
  const name = dnsName(ctx.env.metadata.name);
  const secretName = tlsSecret(ctx, ing);
  return [
    {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'Ingress',
      metadata: meta(ctx, name, owner),
      spec: {
        ...(secretName ? { tls: [{ hosts: [ing.host], secretName }] } : {}),
        rules: [
          {
            host: ing.host,
            http: {
              paths: ing.routes.map((r) => ({
                path: r.path,
                pathType: 'Prefix',
                backend: {
                  service: { name: dnsName(r.service), port: { number: routePort(ctx.env, r.service, r.port) } },
                },
              })),
            },
          },
        ],
      },
    },
  ];
}

/** Services the Ingress sends traffic to (GKE puts them behind NEGs and opens the NetworkPolicy for them). */
export function routedServices(env: Environment): Map<string, Set<number>> {
  const out = new Map<string, Set<number>>();
  for (const r of env.ingress?.routes ?? []) {
    const set = out.get(r.service) ?? new Set<number>();
    set.add(routePort(env, r.service, r.port));
    out.set(r.service, set);
  }
  return out;
}

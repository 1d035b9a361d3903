// The kind cluster: one control-plane node that also runs ingress-nginx (hence the ingress-ready label the
// controller's nodeSelector looks for), with the host's HTTP/HTTPS ports mapped to it on loopback only, and the
// environment's label, by which `up kind` knows a cluster it created.
import type { Environment } from '../../model/schema.js';
import { LABEL_ENV } from '../labels.js';
import { dnsName } from '../names.js';

/** The node label saying which environment oh-env created the cluster for (`up kind` reuses only its own). */
export const KIND_ENV_LABEL = LABEL_ENV;

export const kindClusterName = (env: Environment): string => dnsName(env.targets.kind.cluster ?? env.metadata.name);

export function kindClusterConfig(env: Environment): Record<string, unknown> {
  const k = env.targets.kind;
  return {
    apiVersion: 'kind.x-k8s.io/v1alpha4',
    kind: 'Cluster',
    name: kindClusterName(env),
    nodes: [
      {
        role: 'control-plane',
        labels: { 'ingress-ready': 'true', [KIND_ENV_LABEL]: env.metadata.name },
        extraPortMappings: [
          { containerPort: 80, hostPort: k.httpPort, listenAddress: '127.0.0.1', protocol: 'TCP' },
          { containerPort: 443, hostPort: k.httpsPort, listenAddress: '127.0.0.1', protocol: 'TCP' },
        ],
      },
    ],
  };
}

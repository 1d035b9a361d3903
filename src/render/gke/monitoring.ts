// Monitoring on GKE (Prometheus operator CRDs): a ServiceMonitor per service with a metrics endpoint and one
// PrometheusRule with the model's alerts. Scraped targets get job="<env>-<service>", the label the alerts
// of the default model select on.
import { dnsName } from '../names.js';
import { meta, selectorLabels, type KubeContext, type KubeObject } from '../kube/meta.js';

export const scrapeJobName = (env: string, service: string): string => `${env}-${service}`;

export function monitoringObjects(ctx: KubeContext): KubeObject[] {
  const { env } = ctx;
  if (!env.monitoring.enabled) return [];
  const objects: KubeObject[] = [];
  for (const [name, s] of Object.entries(env.services)) {
    if (!s.metrics) continue;
    const ref = s.metrics.port;
    const port = s.ports.find((p) => p.name === ref || p.port === ref);
    if (!port) continue; // validation rejects an undeclared metrics port
    objects.push({
      apiVersion: 'monitoring.coreos.com/v1',
      kind: 'ServiceMonitor',
      metadata: meta(ctx, name, { name, kind: 'service', labels: s.labels }),
      spec: {
        selector: { matchLabels: selectorLabels(ctx, name) },
        namespaceSelector: { matchNames: [ctx.namespace] },
        endpoints: [
          {
            port: port.name,
            path: s.metrics.path,
            interval: '30s',
            relabelings: [
              { action: 'replace', targetLabel: 'job', replacement: scrapeJobName(env.metadata.name, name) },
            ],
          },
        ],
      },
    });
  }
  if (env.monitoring.alerts.length > 0)
    objects.push({
      apiVersion: 'monitoring.coreos.com/v1',
      kind: 'PrometheusRule',
      metadata: meta(ctx, dnsName(env.metadata.name, 'alerts'), { name: env.metadata.name, kind: 'environment' }),
      spec: {
        groups: [
          {
            name: env.metadata.name,
            rules: env.monitoring.alerts.map((a) => ({
              alert: a.name,
              expr: a.expr,
              for: a.for,
              labels: { severity: a.severity },
              annotations: { summary: a.summary },
            })),
          },
        ],
      },
    });
  return objects;
}

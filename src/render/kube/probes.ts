// Health checks as kubelet probes, with the same meaning as on local: `interval`, `timeout` and `retries`
// map one to one, and `startPeriod` (failures do not count while a slow app starts) becomes a startupProbe
// that holds the liveness probe back long enough, so a slow start is never killed.
import type { Port, Probe, Service } from '../../model/schema.js';
import { toMs, toSeconds } from '../duration.js';

/** A port reference (number or port name) as the container port number. */
export function portNumber(ports: readonly Port[], ref: number | string): number {
  if (typeof ref === 'number') return ref;
  const p = ports.find((x) => x.name === ref);
  if (!p) throw new Error(`port "${ref}" is not declared`); // validation rejects this before rendering
  return p.port;
}

/** The check part of a probe (httpGet / exec / tcpSocket). */
export function probeCheck(ports: readonly Port[], p: Probe): Record<string, unknown> {
  if (p.http) return { httpGet: { path: p.http.path, port: portNumber(ports, p.http.port), scheme: 'HTTP' } };
  if (p.exec) return { exec: { command: [...p.exec] } };
  if (p.tcp !== undefined) return { tcpSocket: { port: portNumber(ports, p.tcp) } };
  throw new Error('probe without a check'); // the schema requires exactly one
}

export function kubeProbe(ports: readonly Port[], p: Probe): Record<string, unknown> {
  return {
    ...probeCheck(ports, p),
    periodSeconds: toSeconds(p.interval),
    timeoutSeconds: toSeconds(p.timeout),
    failureThreshold: p.retries,
    successThreshold: 1,
  };
}

/**
 * failureThreshold of the startup probe: enough periods to cover the start period, plus the probe's own
 * retries (on local, failures start counting only after the start period). 0 start period: no startup probe.
 */
export function startupFailureThreshold(p: Probe): number {
  const startMs = toMs(p.startPeriod);
  if (startMs === 0) return 0;
  return Math.ceil(startMs / (toSeconds(p.interval) * 1000)) + p.retries;
}

/** readinessProbe, livenessProbe and startupProbe of a service's main container. */
export function probesOf(s: Service): Record<string, unknown> {
  const { liveness, readiness } = s.health;
  const out: Record<string, unknown> = {};
  if (readiness) out.readinessProbe = kubeProbe(s.ports, readiness);
  if (liveness) {
    out.livenessProbe = kubeProbe(s.ports, liveness);
    // The startup probe repeats the liveness check: until it passes, kubelet runs neither liveness nor
    // readiness. The longest start period of the two probes is kept, as local waits for both.
    const startProbe = [liveness, readiness]
      .filter((p): p is Probe => p !== undefined)
      .reduce((a, b) => (toMs(b.startPeriod) > toMs(a.startPeriod) ? b : a), liveness);
    const threshold = startupFailureThreshold({ ...liveness, startPeriod: startProbe.startPeriod });
    if (threshold > 0) out.startupProbe = { ...kubeProbe(s.ports, liveness), failureThreshold: threshold };
  }
  return out;
}

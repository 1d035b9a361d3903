// Semantic checks: what the schema alone cannot see. Every check runs and every problem is collected, so the
// user fixes the model in one pass. Warnings (parity gaps, overrides) do not fail validation.
import type { Issue } from '../errors.js';
import { dependencyGraph, findCycles, kindOf } from './graph.js';
import { closest } from './suggest.js';
import type { Environment, Probe, Service, Workload } from './schema.js';
import { backendEnvNames } from './contract.js';

export interface SemanticResult {
  readonly errors: Issue[];
  readonly warnings: Issue[];
}

export function checkSemantics(env: Environment): SemanticResult {
  const errors: Issue[] = [];
  const warnings: Issue[] = [];
  const all = [...Object.keys(env.services), ...Object.keys(env.jobs), ...Object.keys(env.backends)];
  const secrets = Object.keys(env.secrets);

  // Services, jobs and backends share one DNS namespace (Compose service names, Kubernetes Services).
  const seen = new Map<string, string>();
  for (const [section, names] of [
    ['services', Object.keys(env.services)],
    ['jobs', Object.keys(env.jobs)],
    ['backends', Object.keys(env.backends)],
  ] as const) {
    for (const n of names) {
      const first = seen.get(n);
      if (first)
        errors.push({
          path: `${section}.${n}`,
          message: `name "${n}" is already used by ${first}.${n}`,
          expected: 'a name unique across services, jobs and backends',
          hint: 'rename one of them: they share one DNS namespace on every target',
        });
      else seen.set(n, section);
    }
  }

  const unknownRef = (path: string, ref: string, what: string, candidates: readonly string[]): void => {
    const guess = closest(ref, candidates);
    errors.push({
      path,
      message: `"${ref}" is not a declared ${what}`,
      expected: candidates.length ? `one of: ${candidates.join(', ')}` : `a declared ${what}`,
      hint: guess
        ? `did you mean "${guess}"?`
        : `declare it under ${what === 'secret' ? 'secrets' : what.includes(',') ? 'services, jobs or backends' : `${what}s`}`,
    });
  };

  const workloads: [string, string, Workload][] = [
    ...Object.entries(env.services).map(([n, w]) => ['services', n, w] as [string, string, Workload]),
    ...Object.entries(env.jobs).map(([n, w]) => ['jobs', n, w] as [string, string, Workload]),
  ];
  for (const [section, n, w] of workloads) {
    const base = `${section}.${n}`;
    // uses → backends only; at most one backend of each type (they would set the same env vars).
    const typesUsed = new Map<string, string>();
    w.uses.forEach((b, i) => {
      const backend = env.backends[b];
      if (!backend) return unknownRef(`${base}.uses[${i}]`, b, 'backend', Object.keys(env.backends));
      const other = typesUsed.get(backend.type);
      if (other)
        errors.push({
          path: `${base}.uses[${i}]`,
          message: `uses two ${backend.type} backends ("${other}" and "${b}")`,
          expected: `at most one ${backend.type} backend per workload`,
          hint: 'both would set the same environment variables; keep one',
        });
      typesUsed.set(backend.type, b);
    });
    // dependsOn → anything declared; conditions must fit what the target is.
    for (const [dep, cond] of Object.entries(w.dependsOn)) {
      const path = `${base}.dependsOn.${dep}`;
      const kind = kindOf(env, dep);
      if (!kind) {
        unknownRef(path, dep, 'service, job or backend', all);
        continue;
      }
      if (dep === n) errors.push({ path, message: `"${n}" depends on itself`, hint: 'remove this entry' });
      if (kind === 'job' && cond !== 'completed')
        errors.push({
          path,
          message: `job "${dep}" is used as a long-running dependency (condition "${cond}")`,
          expected: 'condition "completed" for a job',
          hint: `a job exits when done; wait for it with "${dep}: completed"`,
        });
      if (kind !== 'job' && cond === 'completed')
        errors.push({
          path,
          message: `"completed" is only for jobs, but "${dep}" is a ${kind}`,
          expected: 'condition "started" or "healthy"',
          hint: `use "${dep}: healthy"`,
        });
      if (
        kind === 'service' &&
        cond === 'healthy' &&
        !env.services[dep]?.health.readiness &&
        !env.services[dep]?.health.liveness
      )
        errors.push({
          path,
          message: `waits for "${dep}" to be healthy, but "${dep}" has no health check`,
          expected: `services.${dep}.health.readiness`,
          hint: `add a readiness probe to "${dep}" or wait with "started"`,
        });
    }
    // secretEnv → declared secrets; no variable both plain and secret; contract variables not overridden.
    for (const [v, s] of Object.entries(w.secretEnv)) {
      if (!(s in env.secrets)) unknownRef(`${base}.secretEnv.${v}`, s, 'secret', secrets);
      if (v in w.env)
        errors.push({
          path: `${base}.env.${v}`,
          message: `${v} is set both in env and in secretEnv`,
          hint: 'keep one: secret values belong in secretEnv',
        });
    }
    const contract = new Set(w.uses.flatMap((b) => (env.backends[b] ? backendEnvNames(env.backends[b]) : [])));
    for (const v of Object.keys(w.env))
      if (contract.has(v))
        warnings.push({
          path: `${base}.env.${v}`,
          message: `${v} overrides the value that a used backend sets`,
          hint: 'remove it so the backend wiring stays the same on every target',
        });
  }

  for (const [n, s] of Object.entries(env.services)) checkService(env, n, s, errors, warnings);

  for (const [n, b] of Object.entries(env.backends))
    if (b.type === 'postgres' && !(b.passwordSecret in env.secrets))
      unknownRef(`backends.${n}.passwordSecret`, b.passwordSecret, 'secret', secrets);

  // Published host ports must not clash across services (they share the host on the local target).
  const published = new Map<number, string>();
  for (const [n, s] of Object.entries(env.services))
    s.ports.forEach((p, i) => {
      if (p.publish === undefined) return;
      const other = published.get(p.publish);
      const path = `services.${n}.ports[${i}].publish`;
      if (other)
        errors.push({
          path,
          message: `host port ${p.publish} is already published by ${other}`,
          expected: 'each host port published once',
          hint: 'choose another host port',
        });
      else published.set(p.publish, `services.${n}`);
    });

  if (env.ingress)
    env.ingress.routes.forEach((r, i) => {
      const path = `ingress.routes[${i}]`;
      const svc = env.services[r.service];
      if (!svc) return unknownRef(`${path}.service`, r.service, 'service', Object.keys(env.services));
      if (!portExists(svc, r.port))
        errors.push({
          path: `${path}.port`,
          message: `service "${r.service}" has no port ${JSON.stringify(r.port)}`,
          expected: `one of: ${svc.ports.map((p) => `${p.name} (${p.port})`).join(', ') || 'a declared port'}`,
          hint: `declare it under services.${r.service}.ports`,
        });
    });
  if (env.ingress?.tls.mode === 'secret' && !env.ingress.tls.secretName)
    errors.push({
      path: 'ingress.tls.secretName',
      message: 'required when tls.mode is "secret"',
      hint: 'name the TLS Secret',
    });

  for (const cycle of findCycles(dependencyGraph(env)))
    errors.push({
      path: `${kindOf(env, cycle[0]!) === 'job' ? 'jobs' : 'services'}.${cycle[0]}.dependsOn`,
      message: `dependency cycle: ${cycle.join(' → ')}`,
      hint: 'remove one of these dependencies',
    });

  return { errors, warnings };
}

const portExists = (s: Service, ref: number | string): boolean => s.ports.some((p) => p.name === ref || p.port === ref);

function checkService(env: Environment, n: string, s: Service, errors: Issue[], warnings: Issue[]): void {
  const base = `services.${n}`;
  const names = new Set<string>();
  const numbers = new Set<number>();
  s.ports.forEach((p, i) => {
    if (names.has(p.name))
      errors.push({
        path: `${base}.ports[${i}].name`,
        message: `port name "${p.name}" is used twice`,
        hint: 'rename it',
      });
    if (numbers.has(p.port))
      errors.push({
        path: `${base}.ports[${i}].port`,
        message: `port ${p.port} is declared twice`,
        expected: 'each container port once',
        hint: 'remove the duplicate',
      });
    names.add(p.name);
    numbers.add(p.port);
  });
  const probes: [string, Probe | undefined][] = [
    ['liveness', s.health.liveness],
    ['readiness', s.health.readiness],
  ];
  for (const [kind, probe] of probes) {
    if (!probe) continue;
    const ref = probe.http?.port ?? probe.tcp;
    if (ref !== undefined && !portExists(s, ref))
      errors.push({
        path: `${base}.health.${kind}.${probe.http ? 'http.port' : 'tcp'}`,
        message: `probe port ${JSON.stringify(ref)} is not a declared port`,
        expected: `one of: ${s.ports.map((p) => p.name).join(', ') || 'a port under ports'}`,
        hint: `declare it under ${base}.ports`,
      });
    if (probe.http && s.health.probeTool === 'none')
      warnings.push({
        path: `${base}.health.${kind}`,
        message: 'the image has no tool to run an HTTP check from inside, so the local target cannot check it',
        hint: 'set health.probeTool to a tool the image has (curl, wget, python, node) to keep parity with Kubernetes',
      });
  }
  if (s.metrics && !portExists(s, s.metrics.port))
    errors.push({
      path: `${base}.metrics.port`,
      message: `metrics port ${JSON.stringify(s.metrics.port)} is not declared`,
    });
  if (s.autoscaling && s.autoscaling.max < s.autoscaling.min)
    errors.push({
      path: `${base}.autoscaling.max`,
      message: `max (${s.autoscaling.max}) is below min (${s.autoscaling.min})`,
      hint: 'raise max or lower min',
    });
  if ((s.replicas > 1 || (s.autoscaling?.max ?? 1) > 1) && s.volumes.length > 0)
    warnings.push({
      path: `${base}.volumes`,
      message: 'more than one replica shares ReadWriteOnce volumes',
      hint: 'on Kubernetes replicas on different nodes cannot mount them; keep data in a backend',
    });
  const vols = new Set<string>();
  s.volumes.forEach((v, i) => {
    if (vols.has(v.name))
      errors.push({
        path: `${base}.volumes[${i}].name`,
        message: `volume "${v.name}" is declared twice`,
        hint: 'rename it',
      });
    vols.add(v.name);
  });
  if (s.kubernetesRuntime && s.local.dockerSocket)
    warnings.push({
      path: `${base}.kubernetesRuntime`,
      message: 'kubernetesRuntime and local.dockerSocket are both set',
      hint: 'fine: local uses the Docker socket, Kubernetes targets use the API; check RUNTIME per target',
    });
  void env;
}

// A generated model of N services (plus a backend of each type and a migrations job) for render benchmarks.
export function generatedModel(n: number): Record<string, unknown> {
  const services: Record<string, unknown> = {};
  for (let i = 0; i < n; i++) {
    services[`svc-${String(i).padStart(4, '0')}`] = {
      image: `example/service:${1 + (i % 7)}.0.0`,
      ports: [{ name: 'http', port: 8000 + (i % 50), publish: 20000 + i }],
      env: { INDEX: String(i), LOG_JSON: '1' },
      secretEnv: { TOKEN: 'token' },
      uses: i % 3 === 0 ? ['db', 'cache', 'files'] : ['cache'],
      dependsOn: i === 0 ? { migrate: 'completed' } : { [`svc-${String(i - 1).padStart(4, '0')}`]: 'healthy' },
      health: {
        probeTool: 'curl',
        readiness: { http: { path: '/ready', port: 'http' } },
        liveness: { http: { path: '/health', port: 'http' } },
      },
      resources: { cpu: '100m', memory: '128Mi' },
      ...(i % 10 === 0 ? { autoscaling: { min: 1, max: 4 } } : {}),
    };
  }
  return {
    apiVersion: 'oh-env.dev/v1alpha1',
    kind: 'Environment',
    metadata: { name: `bench-${n}` },
    secrets: { token: { generate: { length: 32 } }, 'db-password': { generate: {} } },
    backends: {
      db: { type: 'postgres', database: 'app', user: 'app', passwordSecret: 'db-password' },
      cache: { type: 'redis' },
      files: { type: 'bucket', bucket: `bench-${n}-files` },
    },
    jobs: { migrate: { image: 'example/service:1.0.0', command: ['migrate'], uses: ['db'] } },
    services,
    ingress: { host: 'bench.example.com', routes: [{ path: '/', service: 'svc-0000', port: 'http' }] },
    targets: { gke: { project: 'bench-project', region: 'us-central1' } },
  };
}

// The backends on kind: the same emulators local runs, as in-cluster workloads behind a Service named like
// the backend (the host the env contract points at). On GKE the backends are managed (Cloud SQL, Memorystore,
// GCS) and nothing is rendered for them here.
import type { BucketBackend, PostgresBackend, RedisBackend } from '../../model/schema.js';
import { GCS_EMULATOR_PORT, POSTGRES_PORT, REDIS_PORT } from '../../model/contract.js';
import { BACKEND_IMAGES } from '../images.js';
import { dnsName } from '../names.js';
import { kubeSecretKey, kubeSecretName } from '../secret-names.js';
import { type KubeContext, type KubeObject } from './meta.js';
import { serviceAccount } from './rbac.js';
import { containerSecurityContext, podSecurityContext } from './security.js';
import { clusterService, containerPorts } from './services.js';
import { claimSpec, persistentVolumeClaim, pvcName } from './storage.js';
import { deployment, podTemplate, statefulSet, type Owner } from './workloads.js';

/** How long a backend may take to come up before it is restarted (first start of Postgres initialises). */
const backendProbe = (check: Record<string, unknown>, failureThreshold: number): Record<string, unknown> => ({
  ...check,
  periodSeconds: 5,
  timeoutSeconds: 5,
  failureThreshold,
  successThreshold: 1,
});

const exec = (...command: string[]) => ({ exec: { command } });

function backendPod(
  ctx: KubeContext,
  owner: Owner,
  container: Record<string, unknown>,
  volumes: readonly Record<string, unknown>[] = [],
): Record<string, unknown> {
  return podTemplate(ctx, owner, {
    containers: [{ securityContext: containerSecurityContext(undefined), ...container }],
    volumes,
    serviceAccountName: dnsName(owner.name),
    automountToken: false,
    securityContext: podSecurityContext(undefined),
  });
}

const port = (name: string, p: number) => ({ name, port: p, protocol: 'tcp' as const });

export function postgresObjects(ctx: KubeContext, name: string, b: PostgresBackend): KubeObject[] {
  const owner: Owner = { name, kind: 'backend' };
  const ready = exec('pg_isready', '-h', '127.0.0.1', '-U', b.user, '-d', b.database);
  const ports = [port('postgres', POSTGRES_PORT)];
  const template = backendPod(ctx, owner, {
    name: 'postgres',
    image: b.image ?? BACKEND_IMAGES.postgres(b.version),
    env: [
      { name: 'POSTGRES_DB', value: b.database },
      { name: 'POSTGRES_USER', value: b.user },
      {
        name: 'POSTGRES_PASSWORD',
        valueFrom: { secretKeyRef: { name: kubeSecretName(ctx.env), key: kubeSecretKey(b.passwordSecret) } },
      },
      // A subdirectory: the volume's root may hold lost+found, which initdb refuses.
      { name: 'PGDATA', value: '/var/lib/postgresql/data/pgdata' },
    ],
    ports: containerPorts(ports),
    readinessProbe: backendProbe(ready, 3),
    livenessProbe: backendProbe(ready, 6),
    startupProbe: backendProbe(ready, 60),
    volumeMounts: [{ name: 'data', mountPath: '/var/lib/postgresql/data' }],
  });
  return [
    serviceAccount(ctx, owner, { automount: false }),
    clusterService(ctx, owner, ports),
    statefulSet(ctx, owner, {
      serviceName: dnsName(name),
      template,
      claims: [{ name: 'data', spec: claimSpec(b.storage) }],
    }),
  ];
}

export function redisObjects(ctx: KubeContext, name: string, b: RedisBackend): KubeObject[] {
  const owner: Owner = { name, kind: 'backend' };
  const ping = exec('redis-cli', 'ping');
  const ports = [port('redis', REDIS_PORT)];
  const template = backendPod(ctx, owner, {
    name: 'redis',
    image: b.image ?? BACKEND_IMAGES.redis(b.version),
    ports: containerPorts(ports),
    readinessProbe: backendProbe(ping, 3),
    livenessProbe: backendProbe(ping, 6),
    resources: { limits: { memory: b.memory } },
  });
  return [
    serviceAccount(ctx, owner, { automount: false }),
    clusterService(ctx, owner, ports),
    deployment(ctx, owner, { replicas: 1, recreate: false, template }),
  ];
}

/**
 * fake-gcs-server as local runs it: the bucket is created by seeding an empty directory named after it, the
 * objects live on a volume (filesystem backend), plain HTTP on 4443, and the URLs it hands out name the
 * in-cluster host the app uses (STORAGE_EMULATOR_HOST=http://<backend>:4443).
 */
export function fakeGcsCommand(bucket: string, host: string): string[] {
  return [
    'sh',
    '-c',
    `mkdir -p /seed/${bucket} && exec fake-gcs-server -data /seed -backend filesystem -filesystem-root /storage` +
      ` -scheme http -host 0.0.0.0 -port ${GCS_EMULATOR_PORT}` +
      ` -public-host ${host}:${GCS_EMULATOR_PORT} -external-url http://${host}:${GCS_EMULATOR_PORT}`,
  ];
}

export function bucketObjects(ctx: KubeContext, name: string, b: BucketBackend): KubeObject[] {
  const owner: Owner = { name, kind: 'backend' };
  const host = dnsName(name);
  const ports = [port('http', GCS_EMULATOR_PORT)];
  const ready = { httpGet: { path: '/storage/v1/b', port: GCS_EMULATOR_PORT, scheme: 'HTTP' } };
  const volume = { name: 'data', path: '/storage', size: '10Gi', readOnly: false };
  const template = backendPod(
    ctx,
    owner,
    {
      name: 'fake-gcs-server',
      image: b.emulatorImage ?? BACKEND_IMAGES.bucket(),
      command: fakeGcsCommand(b.bucket, host),
      ports: containerPorts(ports),
      readinessProbe: backendProbe(ready, 3),
      livenessProbe: backendProbe(ready, 6),
      volumeMounts: [
        { name: 'data', mountPath: '/storage' },
        { name: 'seed', mountPath: '/seed' },
      ],
    },
    [
      { name: 'data', persistentVolumeClaim: { claimName: pvcName(name, 'data') } },
      { name: 'seed', emptyDir: {} },
    ],
  );
  return [
    serviceAccount(ctx, owner, { automount: false }),
    persistentVolumeClaim(ctx, owner, volume),
    clusterService(ctx, owner, ports),
    deployment(ctx, owner, { replicas: 1, recreate: true, template }),
  ];
}

// The environment model: ONE zod definition from which both the TypeScript types and the published JSON Schema
// (schema/oh-env.schema.json, `oh-env schema`) come. Every object is strict so an unknown field is an error.
import { z } from 'zod';

// Models are parsed once per process: compiling zod's fast paths (new Function per object schema) costs more
// than it saves.
z.config({ jitless: true });

export const API_VERSION = 'oh-env.dev/v1alpha1';
export const KIND = 'Environment';
export { TARGETS, type Target } from './targets.js';

/** DNS-1123 label: what Kubernetes, Compose and GCP all accept as a name. */
const name = z
  .string()
  .min(1)
  .max(40)
  .regex(/^[a-z]([-a-z0-9]*[a-z0-9])?$/, 'a lowercase DNS-1123 label (a-z, 0-9, "-"; starts with a letter)');
const envName = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'an environment variable name ([A-Za-z_][A-Za-z0-9_]*)');
const quantity = z
  .string()
  .regex(/^[0-9]+(\.[0-9]+)?(m|Ki|Mi|Gi|Ti)?$/, 'a Kubernetes quantity such as "500m", "1", "512Mi" or "10Gi"');
const duration = z.string().regex(/^[0-9]+(ms|s|m|h)$/, 'a duration such as "5s", "2m" or "500ms"');
const port = z.number().int().min(1).max(65535);
const image = z
  .string()
  .regex(
    /^[a-z0-9]([-a-z0-9._/:]*)(@sha256:[a-f0-9]{64})?$/,
    'an image reference "name:tag" (lowercase; a tag or a digest is required)',
  )
  .refine((s) => /:[^/]+$/.test(s) || s.includes('@sha256:'), 'an image pinned by tag or digest')
  .refine((s) => !/:latest$/.test(s), 'a pinned tag, not "latest"');

const HttpProbe = z
  .object({
    path: z.string().startsWith('/').meta({ description: 'HTTP path probed with GET; 2xx/3xx is healthy.' }),
    port: z.union([port, name]).meta({ description: 'Container port number or the name of one of the ports.' }),
  })
  .strict();
const Probe = z
  .object({
    http: HttpProbe.optional(),
    exec: z
      .array(z.string())
      .min(1)
      .optional()
      .meta({ description: 'Command run inside the container; exit 0 is healthy.' }),
    tcp: z.union([port, name]).optional().meta({ description: 'Healthy when the port accepts a TCP connection.' }),
    interval: duration.default('10s'),
    timeout: duration.default('5s'),
    retries: z.number().int().min(1).max(100).default(3),
    startPeriod: duration.default('0s').meta({ description: 'Grace period before failures count (startup probe).' }),
  })
  .strict()
  .refine((p) => [p.http, p.exec, p.tcp].filter((x) => x !== undefined).length === 1, {
    message: 'exactly one of http, exec or tcp',
  });

const Health = z
  .object({
    liveness: Probe.optional().meta({ description: 'Restart the container when this fails.' }),
    readiness: Probe.optional().meta({ description: 'Route traffic and release dependents only when this passes.' }),
    probeTool: z.enum(['curl', 'wget', 'python', 'node', 'none']).default('curl').meta({
      description:
        'What the image has to run an HTTP probe from inside the container (Compose health checks run inside). "none" means no HTTP check can run there; oh-env then warns about the parity gap.',
    }),
  })
  .strict();

const Port = z
  .object({
    name: name.meta({ description: 'Port name, referenced by probes, ingress and Services.' }),
    port: port.meta({ description: 'Port the container listens on.' }),
    protocol: z.enum(['tcp', 'udp']).default('tcp'),
    publish: port
      .optional()
      .meta({ description: 'Local target: host port published on the bind address. Omit to keep it internal.' }),
  })
  .strict();

const Resources = z
  .object({
    cpu: quantity.optional().meta({ description: 'CPU request (and limit on local).' }),
    memory: quantity.optional().meta({ description: 'Memory request.' }),
    cpuLimit: quantity.optional(),
    memoryLimit: quantity.optional().meta({ description: 'Memory limit; defaults to the request.' }),
  })
  .strict();

const Volume = z
  .object({
    name: name.meta({ description: 'Volume name; a named volume on local, a PVC on Kubernetes.' }),
    path: z.string().startsWith('/').meta({ description: 'Mount path in the container.' }),
    size: quantity.default('10Gi'),
    readOnly: z.boolean().default(false),
  })
  .strict();

const Autoscaling = z
  .object({
    min: z.number().int().min(1).default(1),
    max: z.number().int().min(1),
    cpu: z.number().int().min(1).max(100).default(70).meta({ description: 'Target average CPU utilisation (%).' }),
    memory: z
      .number()
      .int()
      .min(1)
      .max(100)
      .default(80)
      .meta({ description: 'Target average memory utilisation (%).' }),
  })
  .strict();

const Condition = z.enum(['started', 'healthy', 'completed']).meta({
  description:
    'started: the dependency runs; healthy: its readiness passes; completed: a job finished successfully (jobs only).',
});

const LocalSettings = z
  .object({
    dockerSocket: z
      .boolean()
      .default(false)
      .meta({ description: 'Mount the Docker socket (the OpenHands app starts sandboxes through it).' }),
    hostGateway: z
      .boolean()
      .default(false)
      .meta({ description: 'Add host.docker.internal:host-gateway so the container reaches host-mapped ports.' }),
    binds: z
      .array(
        z
          .object({ host: z.string().min(1), path: z.string().startsWith('/'), readOnly: z.boolean().default(false) })
          .strict(),
      )
      .default([])
      .meta({ description: 'Host paths bind-mounted into the container (local target only).' }),
  })
  .strict();

const workloadShape = {
  image: image.meta({ description: 'Image reference, pinned by tag or digest (prefixed with images.registry).' }),
  command: z.array(z.string()).optional().meta({ description: 'Entrypoint override.' }),
  args: z.array(z.string()).optional().meta({ description: 'Arguments (the image CMD) override.' }),
  env: z.record(envName, z.string()).default({}).meta({ description: 'Plain environment variables.' }),
  secretEnv: z
    .record(envName, name)
    .default({})
    .meta({ description: 'Environment variables taken from declared secrets: VAR: secret-name.' }),
  uses: z
    .array(name)
    .default([])
    .meta({ description: 'Backends this workload uses; each injects its env contract (DB_*, REDIS_*, FILE_STORE*).' }),
  dependsOn: z
    .record(name, Condition)
    .default({})
    .meta({ description: 'Services, jobs or backends to wait for, with the condition to wait on.' }),
  resources: Resources.default({}),
  local: LocalSettings.default({ dockerSocket: false, hostGateway: false, binds: [] }),
  labels: z.record(z.string(), z.string()).default({}),
};

const Service = z
  .object({
    ...workloadShape,
    description: z.string().optional(),
    ports: z.array(Port).default([]),
    health: Health.default({ probeTool: 'curl' }),
    replicas: z.number().int().min(0).default(1),
    autoscaling: Autoscaling.optional(),
    volumes: z.array(Volume).default([]),
    restart: z.enum(['always', 'unless-stopped', 'on-failure']).default('unless-stopped'),
    kubernetesRuntime: z.boolean().default(false).meta({
      description:
        'The service starts sandboxes through the Kubernetes API (RUNTIME=kubernetes): it gets a ServiceAccount with the Role the OpenHands KubernetesRuntime needs.',
    }),
    metrics: z
      .object({ path: z.string().startsWith('/'), port: z.union([port, name]) })
      .strict()
      .optional()
      .meta({ description: 'Prometheus metrics endpoint, scraped when monitoring is enabled.' }),
  })
  .strict();

const Job = z
  .object({
    ...workloadShape,
    description: z.string().optional(),
    backoffLimit: z.number().int().min(0).default(0),
    timeout: duration.default('10m').meta({ description: 'Fail the job when it runs longer than this.' }),
  })
  .strict();

const Postgres = z
  .object({
    type: z.literal('postgres'),
    version: z.enum(['14', '15', '16', '17']).default('15'),
    database: name.meta({ description: 'Database the app uses (DB_NAME).' }),
    user: name.meta({ description: 'Database user (DB_USER).' }),
    passwordSecret: name.meta({ description: 'Secret holding the user password (DB_PASS).' }),
    storage: quantity.default('10Gi'),
    image: image.optional().meta({ description: 'Image for local and kind (defaults to postgres:<version>).' }),
  })
  .strict();
const Redis = z
  .object({
    type: z.literal('redis'),
    version: z
      .string()
      .regex(/^[0-9]+(\.[0-9]+)*$/)
      .default('7'),
    memory: quantity.default('1Gi').meta({ description: 'Memory size (Memorystore capacity on GKE).' }),
    image: image.optional().meta({ description: 'Image for local and kind (defaults to redis:<version>).' }),
  })
  .strict();
const Bucket = z
  .object({
    type: z.literal('bucket'),
    bucket: z
      .string()
      .regex(/^[a-z0-9][-a-z0-9_.]{1,61}[a-z0-9]$/, 'a GCS bucket name (3-63 chars: a-z, 0-9, "-", "_", ".")')
      .meta({ description: 'Bucket name (FILE_STORE_PATH). Must be globally unique on GCP.' }),
    versioning: z.boolean().default(true),
    location: z.string().optional().meta({ description: 'GCS location; defaults to the GKE region.' }),
    emulatorImage: image.optional().meta({ description: 'fake-gcs-server image for local and kind.' }),
  })
  .strict();
const Backend = z.discriminatedUnion('type', [Postgres, Redis, Bucket]);

const Secret = z
  .object({
    description: z.string().optional(),
    generate: z
      .object({ length: z.number().int().min(16).max(256).default(48) })
      .strict()
      .optional()
      .meta({ description: 'Generate a random value once and keep it (local secrets file, Kubernetes Secret).' }),
    required: z.boolean().default(true).meta({ description: 'Fail `up` when the secret has no value.' }),
  })
  .strict();

const Ingress = z
  .object({
    host: z
      .string()
      .regex(/^([a-z0-9]([-a-z0-9]*[a-z0-9])?\.)*[a-z0-9]([-a-z0-9]*[a-z0-9])?$/, 'a DNS host name')
      .meta({ description: 'Public host name.' }),
    tls: z
      .object({
        mode: z.enum(['none', 'self-signed', 'managed', 'secret']).default('self-signed'),
        secretName: name.optional().meta({ description: 'Existing TLS Secret (mode "secret").' }),
      })
      .strict()
      .default({ mode: 'self-signed' }),
    routes: z
      .array(
        z
          .object({
            path: z.string().startsWith('/').default('/'),
            service: name,
            port: z.union([port, name]),
          })
          .strict(),
      )
      .min(1),
  })
  .strict();

const Alert = z
  .object({
    name: z.string().regex(/^[A-Za-z][A-Za-z0-9]*$/, 'an alert name in CamelCase'),
    expr: z.string().min(1),
    for: duration.default('5m'),
    severity: z.enum(['info', 'warning', 'critical']).default('warning'),
    summary: z.string().min(1),
  })
  .strict();
const Monitoring = z
  .object({
    enabled: z.boolean().default(true),
    alerts: z.array(Alert).default([]),
  })
  .strict();

const NodePool = z
  .object({
    name,
    machineType: z.string().min(1).default('e2-standard-4'),
    minNodes: z.number().int().min(0).default(1),
    maxNodes: z.number().int().min(1).default(3),
    diskSizeGb: z.number().int().min(10).default(100),
    spot: z.boolean().default(false),
    labels: z.record(z.string(), z.string()).default({}),
    taints: z
      .array(
        z
          .object({
            key: z.string().min(1),
            value: z.string(),
            effect: z.enum(['NoSchedule', 'PreferNoSchedule', 'NoExecute']),
          })
          .strict(),
      )
      .default([]),
  })
  .strict();

/** One general-purpose pool, when the model names none. */
const DEFAULT_NODE_POOL = {
  name: 'default',
  machineType: 'e2-standard-4',
  minNodes: 1,
  maxNodes: 3,
  diskSizeGb: 100,
  spot: false,
  labels: {},
  taints: [],
};

const LocalTarget = z
  .object({
    project: name.optional().meta({ description: 'Compose project name (defaults to metadata.name).' }),
    bindAddress: z.ipv4().default('127.0.0.1').meta({ description: 'Host address that published ports bind to.' }),
  })
  .strict();
const KindTarget = z
  .object({
    cluster: name.optional().meta({ description: 'kind cluster name (defaults to metadata.name).' }),
    namespace: name.optional(),
    httpPort: port.default(80),
    httpsPort: port.default(443),
    waitImage: image
      .default('busybox:1.37.0')
      .meta({ description: 'Image of the wait-for-dependency init containers.' }),
  })
  .strict();
const GkeTarget = z
  .object({
    project: z
      .string()
      .regex(/^[a-z][-a-z0-9]{4,28}[a-z0-9]$/, 'a GCP project id (6-30 chars)')
      .meta({ description: 'GCP project id.' }),
    region: z.string().regex(/^[a-z]+-[a-z]+[0-9]$/, 'a GCP region such as us-central1'),
    zone: z
      .string()
      .regex(/^[a-z]+-[a-z]+[0-9]-[a-z]$/, 'a GCP zone such as us-central1-a')
      .optional(),
    namespace: name.optional(),
    cluster: z
      .object({
        name: name.optional(),
        releaseChannel: z.enum(['rapid', 'regular', 'stable']).default('regular'),
        nodePools: z.array(NodePool).min(1).default([DEFAULT_NODE_POOL]),
      })
      .strict()
      .default({
        releaseChannel: 'regular',
        nodePools: [DEFAULT_NODE_POOL],
      }),
    network: z
      .object({
        name: name.optional(),
        subnetCidr: z.cidrv4().default('10.10.0.0/20'),
        podsCidr: z.cidrv4().default('10.20.0.0/16'),
        servicesCidr: z.cidrv4().default('10.30.0.0/20'),
      })
      .strict()
      .default({ subnetCidr: '10.10.0.0/20', podsCidr: '10.20.0.0/16', servicesCidr: '10.30.0.0/20' }),
    sql: z
      .object({
        tier: z.string().default('db-custom-2-7680'),
        availability: z.enum(['zonal', 'regional']).default('zonal'),
        diskSizeGb: z.number().int().min(10).default(20),
      })
      .strict()
      .default({ tier: 'db-custom-2-7680', availability: 'zonal', diskSizeGb: 20 }),
    redisTier: z.enum(['basic', 'standard']).default('basic'),
    storageClass: z.enum(['standard-rwo', 'premium-rwo']).default('standard-rwo'),
    artifactRepository: name.default('openhands'),
  })
  .strict();

export const EnvironmentSchema = z
  .object({
    $schema: z.string().optional().meta({ description: 'Editor hint: path or URL of this JSON Schema.' }),
    apiVersion: z.literal(API_VERSION),
    kind: z.literal(KIND),
    extends: z
      .string()
      .optional()
      .meta({ description: 'Path (relative to this file) of a model this one is merged onto.' }),
    metadata: z
      .object({
        name: name.meta({ description: 'Environment name: Compose project, namespace and resource prefix.' }),
        description: z.string().optional(),
        labels: z.record(z.string(), z.string()).default({}),
      })
      .strict(),
    images: z
      .object({
        registry: z
          .string()
          .regex(/^[a-z0-9][-a-z0-9._:/]*[a-z0-9]$/, 'a registry prefix such as "registry.example/org"')
          .optional()
          .meta({ description: 'Prefix put before every image that has no registry host of its own.' }),
      })
      .strict()
      .default({}),
    services: z.record(name, Service).default({}),
    jobs: z.record(name, Job).default({}),
    backends: z.record(name, Backend).default({}),
    secrets: z.record(name, Secret).default({}),
    ingress: Ingress.optional(),
    monitoring: Monitoring.default({ enabled: true, alerts: [] }),
    targets: z
      .object({
        local: LocalTarget.default({ bindAddress: '127.0.0.1' }),
        kind: KindTarget.default({ httpPort: 80, httpsPort: 443, waitImage: 'busybox:1.37.0' }),
        gke: GkeTarget.optional(),
      })
      .strict()
      .default({
        local: { bindAddress: '127.0.0.1' },
        kind: { httpPort: 80, httpsPort: 443, waitImage: 'busybox:1.37.0' },
      }),
  })
  .strict();

export type Environment = z.infer<typeof EnvironmentSchema>;
export type Service = z.infer<typeof Service>;
export type Job = z.infer<typeof Job>;
export type Backend = z.infer<typeof Backend>;
export type PostgresBackend = z.infer<typeof Postgres>;
export type RedisBackend = z.infer<typeof Redis>;
export type BucketBackend = z.infer<typeof Bucket>;
export type Probe = z.infer<typeof Probe>;
export type Port = z.infer<typeof Port>;
export type Volume = z.infer<typeof Volume>;
export type Secret = z.infer<typeof Secret>;
export type Ingress = z.infer<typeof Ingress>;
export type GkeTarget = z.infer<typeof GkeTarget>;
export type NodePool = z.infer<typeof NodePool>;
export type Condition = z.infer<typeof Condition>;
export type Workload = Service | Job;

/** The JSON Schema editors use; generated, committed under schema/ and checked for staleness by a test. */
export function environmentJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(EnvironmentSchema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
  return {
    ...schema,
    $id: 'https://oh-env.dev/schema/oh-env.schema.json',
    title: 'oh-env environment model',
    description: 'One environment of the OpenHands platform, rendered for local (Compose), kind and GKE.',
  };
}

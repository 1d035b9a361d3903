// Every step of the GCP plan, built from the model. Each function covers one area and returns steps whose
// `dependsOn` name what must exist first; order.ts sorts them. Names are stable and valid for GCP.
import type { Environment, GkeTarget } from '../../../model/schema.js';
import { outputKey, redisInstanceName, sqlInstanceName } from '../../../model/contract.js';
import { dnsName } from '../../names.js';
import { namespaceOf } from '../../kube/meta.js';
import { secretManagerName } from '../../secret-names.js';
import { runtimeServiceAccountEmail, runtimeServiceAccountId, workloadIdentityMembers } from '../accounts.js';
import { globalAddressName, PRIVATE_SERVICES_RANGE } from '../resource-names.js';
import type { Arg, PlanStep } from './types.js';

/** Google's range for IAP TCP forwarding: the only source SSH is allowed from. */
export const IAP_RANGE = '35.235.240.0/20';
/** The control plane's private range (private nodes need one that does not overlap the VPC). */
export const MASTER_CIDR = '172.16.0.0/28';

export const REQUIRED_APIS = [
  'artifactregistry.googleapis.com',
  'compute.googleapis.com',
  'container.googleapis.com',
  'iam.googleapis.com',
  'iamcredentials.googleapis.com',
  'redis.googleapis.com',
  'secretmanager.googleapis.com',
  'servicenetworking.googleapis.com',
  'sqladmin.googleapis.com',
] as const;

/** Least privilege, per account (design.md "Security defaults"). Resource-scoped grants are separate steps. */
export const RUNTIME_PROJECT_ROLES = [
  'roles/cloudsql.client',
  'roles/logging.logWriter',
  'roles/monitoring.metricWriter',
];
export const NODES_PROJECT_ROLES = [
  'roles/artifactregistry.reader',
  'roles/logging.logWriter',
  'roles/monitoring.metricWriter',
  'roles/monitoring.viewer',
];
export const DEPLOY_PROJECT_ROLES = ['roles/artifactregistry.writer', 'roles/container.developer'];

/** Shared names of the plan, derived once. */
export interface Names {
  readonly env: Environment;
  readonly gke: GkeTarget;
  readonly project: string;
  readonly region: string;
  readonly location: string;
  readonly network: string;
  readonly subnet: string;
  readonly cluster: string;
  readonly privateRange: string;
  readonly namespace: string;
  readonly accounts: Readonly<Record<'runtime' | 'deploy' | 'nodes', { id: string; email: string }>>;
}

/** GSA ids are 6-30 characters: a-z, 0-9, '-', starting with a letter. */
const accountId = (env: Environment, role: string): string =>
  `${env.metadata.name.slice(0, 29 - role.length).replace(/-+$/, '')}-${role}`;

export function names(env: Environment, gke: GkeTarget): Names {
  const project = gke.project;
  const account = (id: string) => ({ id, email: `${id}@${project}.iam.gserviceaccount.com` });
  const network = gke.network.name ?? dnsName(env.metadata.name, 'vpc');
  return {
    env,
    gke,
    project,
    region: gke.region,
    location: gke.zone ?? gke.region,
    network,
    subnet: dnsName(network, gke.region),
    cluster: gke.cluster.name ?? env.metadata.name,
    privateRange: dnsName(env.metadata.name, 'private-services'),
    namespace: namespaceOf(env, 'gke'),
    accounts: {
      runtime: { id: runtimeServiceAccountId(env), email: runtimeServiceAccountEmail(env) },
      deploy: account(accountId(env, 'deploy')),
      nodes: account(accountId(env, 'nodes')),
    },
  };
}

const p = (n: Names): string => `--project=${n.project}`;
const networkPath = (n: Names): string => `projects/${n.project}/global/networks/${n.network}`;

export function foundationSteps(n: Names): PlanStep[] {
  const steps: PlanStep[] = [
    {
      id: 'apis',
      title: 'Enable the Google Cloud APIs the environment uses',
      kind: 'apis',
      resource: { type: 'serviceusage.services', name: `${REQUIRED_APIS.length} APIs` },
      dependsOn: [],
      create: ['services', 'enable', ...REQUIRED_APIS, p(n)],
    },
    {
      id: 'network',
      title: `VPC network ${n.network}`,
      why: 'custom subnet mode: only the subnet below exists, with the ranges the cluster needs',
      kind: 'network',
      resource: { type: 'compute.networks', name: n.network },
      dependsOn: ['apis'],
      create: ['compute', 'networks', 'create', n.network, '--subnet-mode=custom', p(n)],
      check: { argv: ['compute', 'networks', 'describe', n.network, p(n)], skipWhen: 'succeeds' },
    },
    {
      id: 'subnet',
      title: `Subnet ${n.subnet} with secondary ranges for pods and services`,
      kind: 'network',
      resource: { type: 'compute.subnetworks', name: n.subnet },
      dependsOn: ['network'],
      create: [
        'compute',
        'networks',
        'subnets',
        'create',
        n.subnet,
        `--network=${n.network}`,
        `--region=${n.region}`,
        `--range=${n.gke.network.subnetCidr}`,
        `--secondary-range=pods=${n.gke.network.podsCidr},services=${n.gke.network.servicesCidr}`,
        '--enable-private-ip-google-access',
        p(n),
      ],
      check: {
        argv: ['compute', 'networks', 'subnets', 'describe', n.subnet, `--region=${n.region}`, p(n)],
        skipWhen: 'succeeds',
      },
    },
    {
      id: 'private-range',
      title: `Address range ${PRIVATE_SERVICES_RANGE.cidr} for private services access`,
      why: 'Cloud SQL and Memorystore get private IPs from it; the NetworkPolicy opens egress to it',
      kind: 'network',
      resource: { type: 'compute.globalAddresses', name: n.privateRange },
      dependsOn: ['network'],
      create: [
        'compute',
        'addresses',
        'create',
        n.privateRange,
        '--global',
        '--purpose=VPC_PEERING',
        `--addresses=${PRIVATE_SERVICES_RANGE.address}`,
        `--prefix-length=${PRIVATE_SERVICES_RANGE.prefixLength}`,
        `--network=${n.network}`,
        p(n),
      ],
      check: { argv: ['compute', 'addresses', 'describe', n.privateRange, '--global', p(n)], skipWhen: 'succeeds' },
    },
    {
      id: 'private-connection',
      title: 'Private services connection (VPC peering with Google services)',
      kind: 'network',
      resource: { type: 'servicenetworking.connections', name: n.network },
      dependsOn: ['private-range'],
      create: [
        'services',
        'vpc-peerings',
        'connect',
        '--service=servicenetworking.googleapis.com',
        `--ranges=${n.privateRange}`,
        `--network=${n.network}`,
        p(n),
      ],
      check: {
        argv: ['services', 'vpc-peerings', 'list', `--network=${n.network}`, '--format=value(peering)', p(n)],
        skipWhen: 'prints',
      },
    },
    {
      id: 'firewall-web',
      title: 'Firewall: HTTP and HTTPS from anywhere to the load balancer',
      kind: 'firewall',
      resource: { type: 'compute.firewalls', name: dnsName(n.network, 'allow-web') },
      dependsOn: ['network'],
      create: [
        'compute',
        'firewall-rules',
        'create',
        dnsName(n.network, 'allow-web'),
        `--network=${n.network}`,
        '--direction=INGRESS',
        '--action=ALLOW',
        '--rules=tcp:80,tcp:443',
        '--source-ranges=0.0.0.0/0',
        p(n),
      ],
      check: {
        argv: ['compute', 'firewall-rules', 'describe', dnsName(n.network, 'allow-web'), p(n)],
        skipWhen: 'succeeds',
      },
    },
    {
      id: 'firewall-ssh-iap',
      title: `Firewall: SSH only from the IAP range ${IAP_RANGE}`,
      why: 'never 0.0.0.0/0: reach nodes with `gcloud compute ssh --tunnel-through-iap`',
      kind: 'firewall',
      resource: { type: 'compute.firewalls', name: dnsName(n.network, 'allow-ssh-iap') },
      dependsOn: ['network'],
      create: [
        'compute',
        'firewall-rules',
        'create',
        dnsName(n.network, 'allow-ssh-iap'),
        `--network=${n.network}`,
        '--direction=INGRESS',
        '--action=ALLOW',
        '--rules=tcp:22',
        `--source-ranges=${IAP_RANGE}`,
        p(n),
      ],
      check: {
        argv: ['compute', 'firewall-rules', 'describe', dnsName(n.network, 'allow-ssh-iap'), p(n)],
        skipWhen: 'succeeds',
      },
    },
    {
      id: 'address',
      title: `Global static IP ${globalAddressName(n.env)} for the ingress`,
      kind: 'address',
      resource: { type: 'compute.globalAddresses', name: globalAddressName(n.env) },
      dependsOn: ['apis'],
      create: ['compute', 'addresses', 'create', globalAddressName(n.env), '--global', '--ip-version=IPV4', p(n)],
      check: {
        argv: ['compute', 'addresses', 'describe', globalAddressName(n.env), '--global', p(n)],
        skipWhen: 'succeeds',
      },
    },
    {
      id: 'artifact-registry',
      title: `Artifact Registry repository ${n.gke.artifactRepository} for the images`,
      kind: 'artifact-registry',
      resource: { type: 'artifactregistry.repositories', name: n.gke.artifactRepository },
      dependsOn: ['apis'],
      create: [
        'artifacts',
        'repositories',
        'create',
        n.gke.artifactRepository,
        '--repository-format=docker',
        `--location=${n.region}`,
        p(n),
      ],
      check: {
        argv: ['artifacts', 'repositories', 'describe', n.gke.artifactRepository, `--location=${n.region}`, p(n)],
        skipWhen: 'succeeds',
      },
    },
  ];
  return steps;
}

const WHY_ACCOUNT = {
  runtime: 'what the pods act as on Google Cloud (Workload Identity): only the data they use',
  deploy: 'what CI or a person deploys with: push images, apply manifests; nothing else',
  nodes: 'the nodes\u2019 own identity: pull images, write logs and metrics (not the default compute account)',
} as const;

export function accountSteps(n: Names): PlanStep[] {
  const steps: PlanStep[] = [];
  const grants: Record<keyof typeof WHY_ACCOUNT, readonly string[]> = {
    runtime: RUNTIME_PROJECT_ROLES,
    deploy: DEPLOY_PROJECT_ROLES,
    nodes: NODES_PROJECT_ROLES,
  };
  for (const role of ['deploy', 'nodes', 'runtime'] as const) {
    const acc = n.accounts[role];
    steps.push({
      id: `sa-${role}`,
      title: `Service account ${acc.id}`,
      why: WHY_ACCOUNT[role],
      kind: 'service-account',
      resource: { type: 'iam.serviceAccounts', name: acc.email },
      dependsOn: ['apis'],
      create: [
        'iam',
        'service-accounts',
        'create',
        acc.id,
        `--display-name=oh-env ${n.env.metadata.name} ${role}`,
        p(n),
      ],
      check: { argv: ['iam', 'service-accounts', 'describe', acc.email, p(n)], skipWhen: 'succeeds' },
    });
    for (const r of grants[role])
      steps.push({
        id: `iam-${role}-${r.replace('roles/', '').replace(/\./g, '-')}`,
        title: `Grant ${r} to ${acc.id}`,
        kind: 'iam',
        resource: { type: 'projects.iamPolicy', name: `${n.project} ${r}` },
        dependsOn: [`sa-${role}`],
        create: [
          'projects',
          'add-iam-policy-binding',
          n.project,
          `--member=serviceAccount:${acc.email}`,
          `--role=${r}`,
          '--condition=None',
        ],
      });
  }
  return steps;
}

export function clusterSteps(n: Names): PlanStep[] {
  const loc = `--location=${n.location}`;
  const steps: PlanStep[] = [
    {
      id: 'cluster',
      title: `GKE cluster ${n.cluster} (${n.gke.zone ? 'zonal' : 'regional'}, ${n.gke.cluster.releaseChannel} channel)`,
      why: 'private nodes, Workload Identity, VPC-native; its default pool is replaced by the model\u2019s node pools',
      kind: 'cluster',
      resource: { type: 'container.clusters', name: n.cluster },
      dependsOn: ['subnet', 'sa-nodes'],
      create: [
        'container',
        'clusters',
        'create',
        n.cluster,
        loc,
        `--network=${n.network}`,
        `--subnetwork=${n.subnet}`,
        '--enable-ip-alias',
        '--cluster-secondary-range-name=pods',
        '--services-secondary-range-name=services',
        `--release-channel=${n.gke.cluster.releaseChannel}`,
        `--workload-pool=${n.project}.svc.id.goog`,
        '--enable-private-nodes',
        `--master-ipv4-cidr=${MASTER_CIDR}`,
        '--enable-shielded-nodes',
        '--enable-autorepair',
        '--enable-autoupgrade',
        '--num-nodes=1',
        `--service-account=${n.accounts.nodes.email}`,
        p(n),
      ],
      check: { argv: ['container', 'clusters', 'describe', n.cluster, loc, p(n)], skipWhen: 'succeeds' },
    },
  ];
  const pools = [...n.gke.cluster.nodePools].sort((a, b) => a.name.localeCompare(b.name));
  for (const pool of pools) {
    const labels = Object.entries(pool.labels).sort(([a], [b]) => a.localeCompare(b));
    steps.push({
      id: `node-pool-${pool.name}`,
      title: `Node pool ${pool.name} (${pool.machineType}, ${pool.minNodes}-${pool.maxNodes} nodes${pool.spot ? ', spot' : ''})`,
      kind: 'node-pool',
      resource: { type: 'container.nodePools', name: pool.name },
      dependsOn: ['cluster'],
      create: [
        'container',
        'node-pools',
        'create',
        pool.name,
        `--cluster=${n.cluster}`,
        loc,
        `--machine-type=${pool.machineType}`,
        `--disk-size=${pool.diskSizeGb}`,
        '--enable-autoscaling',
        `--min-nodes=${pool.minNodes}`,
        `--max-nodes=${pool.maxNodes}`,
        `--num-nodes=${Math.max(pool.minNodes, 1)}`,
        '--enable-autorepair',
        '--enable-autoupgrade',
        '--workload-metadata=GKE_METADATA',
        // gcloud wants both shielded-node options or neither.
        '--shielded-secure-boot',
        '--shielded-integrity-monitoring',
        `--service-account=${n.accounts.nodes.email}`,
        ...(labels.length ? [`--node-labels=${labels.map(([k, v]) => `${k}=${v}`).join(',')}`] : []),
        ...(pool.taints.length
          ? [`--node-taints=${pool.taints.map((t) => `${t.key}=${t.value}:${t.effect}`).join(',')}`]
          : []),
        ...(pool.spot ? ['--spot'] : []),
        p(n),
      ],
      check: {
        argv: ['container', 'node-pools', 'describe', pool.name, `--cluster=${n.cluster}`, loc, p(n)],
        skipWhen: 'succeeds',
      },
    });
  }
  steps.push({
    id: 'default-pool-removed',
    title: 'Remove the cluster\u2019s default node pool',
    why: 'the model\u2019s node pools replace it, with their labels, taints and autoscaling',
    kind: 'node-pool',
    resource: { type: 'container.nodePools', name: 'default-pool' },
    dependsOn: pools.map((pool) => `node-pool-${pool.name}`),
    create: ['container', 'node-pools', 'delete', 'default-pool', `--cluster=${n.cluster}`, loc, '--quiet', p(n)],
    check: {
      argv: ['container', 'node-pools', 'describe', 'default-pool', `--cluster=${n.cluster}`, loc, p(n)],
      skipWhen: 'fails',
    },
  });
  steps.push(
    ...workloadIdentityMembers(n.env).map((member): PlanStep => ({
      id: `workload-identity-${member.replace(/^.*\[|\]$/g, '').replace('/', '-')}`,
      title: `Workload Identity: ${member.replace(/^.*\[|\]$/g, '')} acts as ${n.accounts.runtime.id}`,
      kind: 'workload-identity',
      resource: { type: 'iam.serviceAccounts.iamPolicy', name: n.accounts.runtime.email },
      dependsOn: ['cluster', 'sa-runtime'],
      create: [
        'iam',
        'service-accounts',
        'add-iam-policy-binding',
        n.accounts.runtime.email,
        '--role=roles/iam.workloadIdentityUser',
        `--member=${member}`,
        p(n),
      ],
    })),
  );
  return steps;
}

export function secretSteps(n: Names): PlanStep[] {
  const steps: PlanStep[] = [];
  for (const [name, secret] of Object.entries(n.env.secrets).sort(([a], [b]) => a.localeCompare(b))) {
    const gcpName = secretManagerName(n.env, name);
    steps.push({
      id: `secret-${name}`,
      title: `Secret Manager secret ${gcpName}`,
      kind: 'secret',
      resource: { type: 'secretmanager.secrets', name: gcpName },
      dependsOn: ['apis'],
      create: ['secrets', 'create', gcpName, '--replication-policy=automatic', p(n)],
      check: { argv: ['secrets', 'describe', gcpName, p(n)], skipWhen: 'succeeds' },
    });
    if (secret.generate)
      steps.push({
        id: `secret-${name}-value`,
        title: `Generate the first value of ${gcpName} (${secret.generate.length} random bytes), kept afterwards`,
        why: 'generated in the script and piped to Secret Manager: the value never appears in a file or a command line',
        kind: 'secret',
        resource: { type: 'secretmanager.versions', name: `${gcpName}/versions/1` },
        dependsOn: [`secret-${name}`],
        create: ['secrets', 'versions', 'add', gcpName, '--data-file=-', p(n)],
        generate: secret.generate.length,
        check: {
          argv: ['secrets', 'versions', 'list', gcpName, '--limit=1', '--format=value(name)', p(n)],
          skipWhen: 'prints',
        },
      });
    steps.push({
      id: `secret-${name}-access`,
      title: `Let ${n.accounts.runtime.id} read ${gcpName} (this secret only)`,
      kind: 'iam',
      resource: { type: 'secretmanager.secrets.iamPolicy', name: gcpName },
      dependsOn: [`secret-${name}`, 'sa-runtime'],
      create: [
        'secrets',
        'add-iam-policy-binding',
        gcpName,
        `--member=serviceAccount:${n.accounts.runtime.email}`,
        '--role=roles/secretmanager.secretAccessor',
        p(n),
      ],
    });
  }
  return steps;
}

export function dataSteps(n: Names): PlanStep[] {
  const steps: PlanStep[] = [];
  for (const [name, b] of Object.entries(n.env.backends).sort(([a], [c]) => a.localeCompare(c))) {
    if (b.type === 'postgres') {
      const instance = sqlInstanceName(n.env, name);
      const password: Arg = { secretValue: secretManagerName(n.env, b.passwordSecret) };
      // gcloud reads the password from the flag: the script fills it from Secret Manager at run time.
      const inst = `--instance=${instance}`;
      steps.push(
        {
          id: `sql-${name}`,
          title: `Cloud SQL for PostgreSQL ${b.version} instance ${instance} (private IP only)`,
          why: 'no public IP: reachable only through the VPC peering, from pods via the Cloud SQL connector',
          kind: 'sql',
          resource: { type: 'sqladmin.instances', name: instance },
          dependsOn: ['private-connection'],
          create: [
            'sql',
            'instances',
            'create',
            instance,
            `--database-version=POSTGRES_${b.version}`,
            `--tier=${n.gke.sql.tier}`,
            `--region=${n.region}`,
            `--availability-type=${n.gke.sql.availability.toUpperCase()}`,
            `--storage-size=${n.gke.sql.diskSizeGb}GB`,
            '--storage-auto-increase',
            `--network=${networkPath(n)}`,
            '--no-assign-ip',
            '--backup-start-time=03:00',
            '--enable-point-in-time-recovery',
            p(n),
          ],
          check: { argv: ['sql', 'instances', 'describe', instance, p(n)], skipWhen: 'succeeds' },
        },
        {
          id: `sql-${name}-database`,
          title: `Database ${b.database} on ${instance}`,
          kind: 'sql',
          resource: { type: 'sqladmin.databases', name: b.database },
          dependsOn: [`sql-${name}`],
          create: ['sql', 'databases', 'create', b.database, inst, p(n)],
          check: { argv: ['sql', 'databases', 'describe', b.database, inst, p(n)], skipWhen: 'succeeds' },
        },
        {
          id: `sql-${name}-user`,
          title: `Database user ${b.user} on ${instance}, password from Secret Manager`,
          kind: 'sql',
          resource: { type: 'sqladmin.users', name: b.user },
          dependsOn: [
            `sql-${name}`,
            ...(n.env.secrets[b.passwordSecret]?.generate
              ? [`secret-${b.passwordSecret}-value`]
              : [`secret-${b.passwordSecret}`]),
          ],
          create: ['sql', 'users', 'create', b.user, inst, password, p(n)],
          check: {
            argv: ['sql', 'users', 'list', inst, `--filter=name=${b.user}`, '--format=value(name)', p(n)],
            skipWhen: 'prints',
          },
        },
      );
    } else if (b.type === 'redis') {
      const instance = redisInstanceName(n.env, name);
      const gb = Math.max(1, Math.ceil(quantityGi(b.memory)));
      steps.push({
        id: `redis-${name}`,
        title: `Memorystore for Redis ${b.version} instance ${instance} (${n.gke.redisTier}, ${gb} GB)`,
        kind: 'redis',
        resource: { type: 'redis.instances', name: instance },
        dependsOn: ['private-connection'],
        create: [
          'redis',
          'instances',
          'create',
          instance,
          `--region=${n.region}`,
          `--tier=${n.gke.redisTier}`,
          `--size=${gb}`,
          `--redis-version=redis_${b.version.split('.')[0]}_${b.version.split('.')[1] ?? '0'}`,
          `--network=${networkPath(n)}`,
          '--connect-mode=private-service-access',
          p(n),
        ],
        check: {
          argv: ['redis', 'instances', 'describe', instance, `--region=${n.region}`, p(n)],
          skipWhen: 'succeeds',
        },
        outputs: [
          {
            key: outputKey('REDIS_HOST', name),
            argv: ['redis', 'instances', 'describe', instance, `--region=${n.region}`, '--format=value(host)', p(n)],
          },
        ],
      });
    } else {
      const bucket = `gs://${b.bucket}`;
      steps.push(
        {
          id: `bucket-${name}`,
          title: `Cloud Storage bucket ${b.bucket} (uniform access, no public access)`,
          kind: 'bucket',
          resource: { type: 'storage.buckets', name: b.bucket },
          dependsOn: ['apis'],
          create: [
            'storage',
            'buckets',
            'create',
            bucket,
            `--location=${b.location ?? n.region}`,
            '--uniform-bucket-level-access',
            '--public-access-prevention',
            p(n),
          ],
          check: { argv: ['storage', 'buckets', 'describe', bucket, p(n)], skipWhen: 'succeeds' },
        },
        {
          id: `bucket-${name}-versioning`,
          title: `${b.versioning ? 'Turn on' : 'Turn off'} object versioning on ${b.bucket}`,
          kind: 'bucket',
          resource: { type: 'storage.buckets', name: b.bucket },
          dependsOn: [`bucket-${name}`],
          create: ['storage', 'buckets', 'update', bucket, b.versioning ? '--versioning' : '--no-versioning', p(n)],
        },
        {
          id: `bucket-${name}-access`,
          title: `Let ${n.accounts.runtime.id} read and write objects in ${b.bucket} (this bucket only)`,
          kind: 'iam',
          resource: { type: 'storage.buckets.iamPolicy', name: b.bucket },
          dependsOn: [`bucket-${name}`, 'sa-runtime'],
          create: [
            'storage',
            'buckets',
            'add-iam-policy-binding',
            bucket,
            `--member=serviceAccount:${n.accounts.runtime.email}`,
            '--role=roles/storage.objectAdmin',
            p(n),
          ],
        },
      );
    }
  }
  return steps;
}

/** "1Gi" → 1, "512Mi" → 0.5, "2" → 2 (GiB), for Memorystore's size in GB. */
function quantityGi(q: string): number {
  const m = /^([0-9.]+)(m|Ki|Mi|Gi|Ti)?$/.exec(q);
  const v = Number(m?.[1] ?? 1);
  const unit = m?.[2];
  return unit === 'Ti'
    ? v * 1024
    : unit === 'Mi'
      ? v / 1024
      : unit === 'Ki'
        ? v / 1024 / 1024
        : unit === 'm'
          ? v / 1000 / 2 ** 30
          : unit === 'Gi'
            ? v
            : v / 2 ** 30;
}

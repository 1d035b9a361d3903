// The gcloud commands of each resource type, derived from the desired properties (pure): how to see it
// (describe: what compare.ts reads, with `--format=json` added by whoever parses it; plan.sh uses it as the
// existence check), how to create it, and how to change in place the fields gcloud can change.
import type { Command } from './command.js';
import type { Resource, ResourceType, Taint } from './resource.js';

/** What a successful describe means for plan.sh: skip the create when it succeeds, prints something, or fails. */
export type ExistsWhen = 'succeeds' | 'prints' | 'fails';

export interface ResourceCommands {
  readonly describe: readonly string[];
  /** How plan.sh reads the describe; absent: the create is idempotent and runs every time (IAM bindings, APIs). */
  readonly exists?: ExistsWhen;
  /** What brings a missing resource to the desired state (for an absent node pool: its delete). */
  readonly create: readonly Command[];
  /** Run every time after the create check: idempotent settings that create cannot set (bucket versioning). */
  readonly converge?: readonly Command[];
}

type Of<T extends ResourceType> = Extract<Resource, { type: T }>;
type Props<T extends ResourceType> = Of<T>['properties'];

const p = (r: Resource): string => `--project=${r.properties.project}`;
const taintFlag = (taints: readonly Taint[]): string =>
  `--node-taints=${taints.map((t) => `${t.key}=${t.value}:${t.effect}`).join(',')}`;
const labelFlag = (labels: Readonly<Record<string, string>>): string =>
  `--node-labels=${Object.entries(labels)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([k, v]) => `${k}=${v}`)
    .join(',')}`;
const peeringFlags = (r: Of<'servicenetworking.connections'>): string[] => [
  `--service=${r.properties.service}`,
  `--ranges=${r.properties.ranges.join(',')}`,
  `--network=${r.properties.network}`,
  p(r),
];
const onOff = (on: boolean, flag: string): string => (on ? `--${flag}` : `--no-${flag}`);

interface Spec<T extends ResourceType> {
  commands(r: Of<T>): ResourceCommands;
  /** The commands that change these fields in place (compare.ts only asks for fields it marks updatable). */
  update(r: Of<T>, fields: readonly (keyof Props<T>)[]): readonly Command[];
}

const none = (): readonly Command[] => [];
const cmd = (...argv: string[]): Command => ({ argv });

type BindingType = Extract<ResourceType, `${string}.iamBinding`>;
const memberRole = (r: Of<BindingType>): string[] => [`--member=${r.properties.member}`, `--role=${r.properties.role}`];

/**
 * An IAM binding: described by the resource's policy (get-iam-policy), made by add-iam-policy-binding, which
 * leaves the other bindings alone and is idempotent, so plan.sh runs it every time (no existence check).
 */
function binding<T extends BindingType>(
  group: readonly string[],
  target: (r: Of<T>) => string,
  flags: (r: Of<T>) => string[],
  /** `projects get-iam-policy` takes the project as its argument, not as --project. */
  projectFlag = true,
): Spec<T> {
  return {
    commands: (r) => ({
      describe: [...group, 'get-iam-policy', target(r), ...(projectFlag ? [p(r)] : [])],
      create: [cmd(...group, 'add-iam-policy-binding', target(r), ...flags(r))],
    }),
    update: none,
  };
}

const SPECS: { readonly [T in ResourceType]: Spec<T> } = {
  'serviceusage.services': {
    commands: (r) => ({
      describe: ['services', 'list', '--enabled', p(r)],
      create: [cmd('services', 'enable', ...r.properties.services, p(r))],
    }),
    update: (r) => [cmd('services', 'enable', ...r.properties.services, p(r))],
  },
  'compute.networks': {
    commands: (r) => ({
      describe: ['compute', 'networks', 'describe', r.name, p(r)],
      exists: 'succeeds',
      create: [cmd('compute', 'networks', 'create', r.name, `--subnet-mode=${r.properties.subnetMode}`, p(r))],
    }),
    update: none,
  },
  'compute.subnetworks': {
    commands: (r) => {
      const q = r.properties;
      const secondary = Object.entries(q.secondaryRanges).map(([k, v]) => `${k}=${v}`);
      return {
        describe: ['compute', 'networks', 'subnets', 'describe', r.name, `--region=${q.region}`, p(r)],
        exists: 'succeeds',
        create: [
          cmd(
            'compute',
            'networks',
            'subnets',
            'create',
            r.name,
            `--network=${q.network}`,
            `--region=${q.region}`,
            `--range=${q.ipCidrRange}`,
            `--secondary-range=${secondary.join(',')}`,
            ...(q.privateIpGoogleAccess ? ['--enable-private-ip-google-access'] : []),
            p(r),
          ),
        ],
      };
    },
    update: (r) => [
      cmd(
        'compute',
        'networks',
        'subnets',
        'update',
        r.name,
        `--region=${r.properties.region}`,
        onOff(r.properties.privateIpGoogleAccess, 'enable-private-ip-google-access'),
        p(r),
      ),
    ],
  },
  'compute.globalAddresses': {
    commands: (r) => {
      const q = r.properties;
      const flags =
        q.purpose === 'VPC_PEERING'
          ? [
              '--purpose=VPC_PEERING',
              `--addresses=${q.address}`,
              `--prefix-length=${q.prefixLength}`,
              `--network=${q.network}`,
            ]
          : [`--ip-version=${q.ipVersion}`];
      return {
        describe: ['compute', 'addresses', 'describe', r.name, '--global', p(r)],
        exists: 'succeeds',
        create: [cmd('compute', 'addresses', 'create', r.name, '--global', ...flags, p(r))],
      };
    },
    update: none,
  },
  'servicenetworking.connections': {
    commands: (r) => ({
      // The peering's own name is Google's (servicenetworking-googleapis-com): list by network instead.
      describe: [
        'services',
        'vpc-peerings',
        'list',
        `--network=${r.properties.network}`,
        '--format=value(peering)',
        p(r),
      ],
      exists: 'prints',
      create: [cmd('services', 'vpc-peerings', 'connect', ...peeringFlags(r))],
    }),
    update: (r) => [cmd('services', 'vpc-peerings', 'update', ...peeringFlags(r))],
  },
  'compute.firewalls': {
    commands: (r) => {
      const q = r.properties;
      return {
        describe: ['compute', 'firewall-rules', 'describe', r.name, p(r)],
        exists: 'succeeds',
        create: [
          cmd(
            'compute',
            'firewall-rules',
            'create',
            r.name,
            `--network=${q.network}`,
            `--direction=${q.direction}`,
            `--action=${q.action}`,
            `--rules=${q.rules.join(',')}`,
            `--source-ranges=${q.sourceRanges.join(',')}`,
            p(r),
          ),
        ],
      };
    },
    update: (r) => [
      cmd(
        'compute',
        'firewall-rules',
        'update',
        r.name,
        `--rules=${r.properties.rules.join(',')}`,
        `--source-ranges=${r.properties.sourceRanges.join(',')}`,
        p(r),
      ),
    ],
  },
  'artifactregistry.repositories': {
    commands: (r) => ({
      describe: ['artifacts', 'repositories', 'describe', r.name, `--location=${r.properties.location}`, p(r)],
      exists: 'succeeds',
      create: [
        cmd(
          'artifacts',
          'repositories',
          'create',
          r.name,
          `--repository-format=${r.properties.format}`,
          `--location=${r.properties.location}`,
          p(r),
        ),
      ],
    }),
    update: none,
  },
  'iam.serviceAccounts': {
    commands: (r) => ({
      describe: ['iam', 'service-accounts', 'describe', r.name, p(r)],
      exists: 'succeeds',
      create: [
        cmd(
          'iam',
          'service-accounts',
          'create',
          r.properties.accountId,
          `--display-name=${r.properties.displayName}`,
          p(r),
        ),
      ],
    }),
    update: (r) => [
      cmd('iam', 'service-accounts', 'update', r.name, `--display-name=${r.properties.displayName}`, p(r)),
    ],
  },
  'projects.iamBinding': binding(
    ['projects'],
    (r) => r.properties.resource,
    (r) => [
      ...memberRole(r),
      // Unconditional: without it gcloud asks when the policy already has conditional bindings.
      '--condition=None',
    ],
    false,
  ),
  // Role first, as the plan has always written this one (plan.sh unchanged; gcloud takes either order).
  'iam.serviceAccounts.iamBinding': binding(
    ['iam', 'service-accounts'],
    (r) => r.properties.resource,
    (r) => [...memberRole(r).reverse(), p(r)],
  ),
  'secretmanager.secrets.iamBinding': binding(
    ['secrets'],
    (r) => r.properties.resource,
    (r) => [...memberRole(r), p(r)],
  ),
  'storage.buckets.iamBinding': binding(
    ['storage', 'buckets'],
    (r) => `gs://${r.properties.resource}`,
    (r) => [...memberRole(r), p(r)],
  ),
  'container.clusters': {
    commands: (r) => {
      const q = r.properties;
      const loc = `--location=${q.location}`;
      return {
        describe: ['container', 'clusters', 'describe', r.name, loc, p(r)],
        exists: 'succeeds',
        create: [
          cmd(
            'container',
            'clusters',
            'create',
            r.name,
            loc,
            `--network=${q.network}`,
            `--subnetwork=${q.subnetwork}`,
            '--enable-ip-alias',
            `--cluster-secondary-range-name=${q.podsRange}`,
            `--services-secondary-range-name=${q.servicesRange}`,
            `--release-channel=${q.releaseChannel}`,
            `--workload-pool=${q.workloadPool}`,
            '--enable-private-nodes',
            `--master-ipv4-cidr=${q.masterIpv4Cidr}`,
            '--enable-shielded-nodes',
            '--enable-autorepair',
            '--enable-autoupgrade',
            '--num-nodes=1',
            `--service-account=${q.nodeServiceAccount}`,
            p(r),
          ),
        ],
      };
    },
    // `clusters update` takes one kind of change per call.
    update: (r, fields) => {
      const at = ['container', 'clusters', 'update', r.name, `--location=${r.properties.location}`];
      const out: Command[] = [];
      if (fields.includes('releaseChannel'))
        out.push(cmd(...at, `--release-channel=${r.properties.releaseChannel}`, p(r)));
      if (fields.includes('workloadPool')) out.push(cmd(...at, `--workload-pool=${r.properties.workloadPool}`, p(r)));
      return out;
    },
  },
  'container.nodePools': {
    commands: (r) => {
      const q = r.properties;
      const at = [`--cluster=${q.cluster}`, `--location=${q.location}`];
      const describe = ['container', 'node-pools', 'describe', r.name, ...at, p(r)];
      if (q.ensure === 'absent')
        return {
          describe,
          exists: 'fails',
          create: [cmd('container', 'node-pools', 'delete', r.name, ...at, '--quiet', p(r))],
        };
      return {
        describe,
        exists: 'succeeds',
        create: [
          cmd(
            'container',
            'node-pools',
            'create',
            r.name,
            ...at,
            `--machine-type=${q.machineType}`,
            `--disk-size=${q.diskSizeGb}`,
            '--enable-autoscaling',
            `--min-nodes=${q.minNodes}`,
            `--max-nodes=${q.maxNodes}`,
            `--num-nodes=${Math.max(q.minNodes, 1)}`,
            '--enable-autorepair',
            '--enable-autoupgrade',
            '--workload-metadata=GKE_METADATA',
            // gcloud wants both shielded-node options or neither.
            '--shielded-secure-boot',
            '--shielded-integrity-monitoring',
            `--service-account=${q.serviceAccount}`,
            ...(Object.keys(q.labels).length ? [labelFlag(q.labels)] : []),
            ...(q.taints.length ? [taintFlag(q.taints)] : []),
            ...(q.spot ? ['--spot'] : []),
            p(r),
          ),
        ],
      };
    },
    // `node-pools update` takes exactly one group of flags per call: one command per group that changed.
    update: (r, fields) => {
      const q = r.properties;
      if (q.ensure === 'absent') return [];
      const at = ['container', 'node-pools', 'update', r.name, `--cluster=${q.cluster}`, `--location=${q.location}`];
      const has = (...f: string[]) => f.some((x) => (fields as readonly string[]).includes(x));
      const out: Command[] = [];
      if (has('machineType', 'diskSizeGb'))
        out.push(cmd(...at, `--machine-type=${q.machineType}`, `--disk-size=${q.diskSizeGb}`, p(r)));
      if (has('minNodes', 'maxNodes'))
        out.push(cmd(...at, '--enable-autoscaling', `--min-nodes=${q.minNodes}`, `--max-nodes=${q.maxNodes}`, p(r)));
      if (has('labels')) out.push(cmd(...at, labelFlag(q.labels), p(r)));
      if (has('taints')) out.push(cmd(...at, taintFlag(q.taints), p(r)));
      return out;
    },
  },
  'secretmanager.secrets': {
    commands: (r) => ({
      describe: ['secrets', 'describe', r.name, p(r)],
      exists: 'succeeds',
      create: [cmd('secrets', 'create', r.name, `--replication-policy=${r.properties.replication}`, p(r))],
    }),
    update: none,
  },
  'secretmanager.versions': {
    commands: (r) => ({
      describe: ['secrets', 'versions', 'list', r.properties.secret, '--limit=1', '--format=value(name)', p(r)],
      exists: 'prints',
      create: [
        {
          argv: ['secrets', 'versions', 'add', r.properties.secret, '--data-file=-', p(r)],
          stdin: { generate: r.properties.generateBytes },
        },
      ],
    }),
    update: none,
  },
  'sqladmin.instances': {
    commands: (r) => {
      const q = r.properties;
      return {
        describe: ['sql', 'instances', 'describe', r.name, p(r)],
        exists: 'succeeds',
        create: [
          cmd(
            'sql',
            'instances',
            'create',
            r.name,
            `--database-version=${q.databaseVersion}`,
            `--tier=${q.tier}`,
            `--region=${q.region}`,
            `--availability-type=${q.availabilityType}`,
            `--storage-size=${q.storageSizeGb}GB`,
            onOff(q.storageAutoIncrease, 'storage-auto-increase'),
            `--network=${q.privateNetwork}`,
            '--no-assign-ip',
            `--backup-start-time=${q.backupStartTime}`,
            onOff(q.pointInTimeRecovery, 'enable-point-in-time-recovery'),
            p(r),
          ),
        ],
      };
    },
    // One `patch` carries every in-place change.
    update: (r, fields) => {
      const q = r.properties;
      const flags: Partial<Record<keyof typeof q, string>> = {
        tier: `--tier=${q.tier}`,
        availabilityType: `--availability-type=${q.availabilityType}`,
        storageSizeGb: `--storage-size=${q.storageSizeGb}GB`,
        storageAutoIncrease: onOff(q.storageAutoIncrease, 'storage-auto-increase'),
        backupStartTime: `--backup-start-time=${q.backupStartTime}`,
        pointInTimeRecovery: onOff(q.pointInTimeRecovery, 'enable-point-in-time-recovery'),
      };
      const set = fields.flatMap((f) => flags[f] ?? []);
      return set.length ? [cmd('sql', 'instances', 'patch', r.name, ...set, p(r))] : [];
    },
  },
  'sqladmin.databases': {
    commands: (r) => {
      const inst = `--instance=${r.properties.instance}`;
      return {
        describe: ['sql', 'databases', 'describe', r.name, inst, p(r)],
        exists: 'succeeds',
        create: [cmd('sql', 'databases', 'create', r.name, inst, p(r))],
      };
    },
    update: none,
  },
  'sqladmin.users': {
    commands: (r) => {
      const inst = `--instance=${r.properties.instance}`;
      return {
        describe: ['sql', 'users', 'describe', r.name, inst, p(r)],
        exists: 'succeeds',
        create: [
          {
            argv: ['sql', 'users', 'create', r.name, inst, '--flags-file=-', p(r)],
            stdin: { secret: r.properties.passwordSecret, flag: '--password' },
          },
        ],
      };
    },
    update: none,
  },
  'redis.instances': {
    commands: (r) => {
      const q = r.properties;
      return {
        describe: ['redis', 'instances', 'describe', r.name, `--region=${q.region}`, p(r)],
        exists: 'succeeds',
        create: [
          cmd(
            'redis',
            'instances',
            'create',
            r.name,
            `--region=${q.region}`,
            `--tier=${q.tier}`,
            `--size=${q.sizeGb}`,
            `--redis-version=${q.redisVersion}`,
            `--network=${q.network}`,
            `--connect-mode=${q.connectMode}`,
            p(r),
          ),
        ],
      };
    },
    update: (r, fields) => {
      const q = r.properties;
      const at = [r.name, `--region=${q.region}`];
      return [
        ...(fields.includes('sizeGb') ? [cmd('redis', 'instances', 'update', ...at, `--size=${q.sizeGb}`, p(r))] : []),
        ...(fields.includes('redisVersion')
          ? [cmd('redis', 'instances', 'upgrade', ...at, `--redis-version=${q.redisVersion}`, p(r))]
          : []),
      ];
    },
  },
  'storage.buckets': {
    commands: (r) => {
      const q = r.properties;
      const url = `gs://${r.name}`;
      return {
        // --raw: the API's own JSON (versioning.enabled, iamConfiguration), which compare.ts reads.
        describe: ['storage', 'buckets', 'describe', url, '--raw', p(r)],
        exists: 'succeeds',
        create: [
          cmd(
            'storage',
            'buckets',
            'create',
            url,
            `--location=${q.location}`,
            onOff(q.uniformAccess, 'uniform-bucket-level-access'),
            onOff(q.publicAccessPrevention, 'public-access-prevention'),
            p(r),
          ),
        ],
        // `buckets create` has no versioning flag; setting it every time is idempotent and repairs drift.
        converge: [cmd('storage', 'buckets', 'update', url, onOff(q.versioning, 'versioning'), p(r))],
      };
    },
    update: (r, fields) => {
      const q = r.properties;
      const flags: Partial<Record<keyof typeof q, string>> = {
        versioning: onOff(q.versioning, 'versioning'),
        uniformAccess: onOff(q.uniformAccess, 'uniform-bucket-level-access'),
        publicAccessPrevention: onOff(q.publicAccessPrevention, 'public-access-prevention'),
      };
      const set = fields.flatMap((f) => flags[f] ?? []);
      return set.length ? [cmd('storage', 'buckets', 'update', `gs://${r.name}`, ...set, p(r))] : [];
    },
  },
};

const spec = <T extends ResourceType>(r: Of<T>): Spec<T> => SPECS[r.type as T];

/** describe / create / converge commands of a resource. */
export const commandsOf = (r: Resource): ResourceCommands => spec(r).commands(r as never);

/** The commands that change these fields of an existing resource in place (fields from compare()'s `update`). */
export const updateCommands = (r: Resource, fields: readonly string[]): readonly Command[] =>
  spec(r).update(r as never, fields as never);

/** Every argv of a resource: what the contract test runs through the real gcloud. */
export const allArgv = (r: Resource): readonly (readonly string[])[] => {
  const c = commandsOf(r);
  return [c.describe, ...c.create.map((x) => x.argv), ...(c.converge ?? []).map((x) => x.argv)];
};

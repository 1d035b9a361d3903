// Desired state against what GCP has: `compare(desired, described)` where `described` is the parsed JSON of
// the resource's describe command with `--format=json` (gcloud.ts), or undefined when it said "not found".
// Pure. Each type maps our properties onto the API's fields; a difference is an in-place update when gcloud
// can change the field (gcloud.ts updateCommands), else a replacement, with the reason.
import type { Resource, ResourceType, Taint } from './resource.js';

export type Comparison =
  | { readonly action: 'create' }
  | { readonly action: 'update'; readonly fields: readonly string[] }
  | { readonly action: 'replace'; readonly fields: readonly string[]; readonly why: string }
  /** Only for what must not exist (the cluster's default node pool). */
  | { readonly action: 'delete' }
  | { readonly action: 'noChange' };

/** Described JSON: an object for a describe, an array for a list. */
export type Described = unknown;

type Of<T extends ResourceType> = Extract<Resource, { type: T }>;
type Json = Record<string, unknown>;

interface Field {
  readonly field: string;
  readonly desired: unknown;
  readonly actual: unknown;
  /** Absent: the field can only be set at creation (a change replaces the resource), for this reason. */
  readonly replaceWhy?: string;
  /** Absent: deep equality after sorting. */
  readonly same?: (desired: unknown, actual: unknown) => boolean;
}

const obj = (v: unknown): Json => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : {});
const list = (v: unknown): unknown[] => (Array.isArray(v) ? (v as unknown[]) : []);
const at = (v: unknown, ...path: string[]): unknown => path.reduce<unknown>((o, k) => obj(o)[k], v);
/** The last segment of a resource URL or path (`…/global/networks/vpc` → `vpc`). */
const last = (v: unknown): string | undefined => (typeof v === 'string' ? v.split('/').pop() : undefined);
const lower = (v: unknown): string | undefined => (typeof v === 'string' ? v.toLowerCase() : undefined);

/** Canonical JSON: sorted keys, sorted arrays, so order never counts as a change. */
function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).sort().join(',')}]`;
  if (v && typeof v === 'object')
    return `{${Object.entries(v as Json)
      .filter(([, x]) => x !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([k, x]) => `${JSON.stringify(k)}:${canonical(x)}`)
      .join(',')}}`;
  return JSON.stringify(v ?? null);
}

function decide(fields: readonly Field[]): Comparison {
  const changed = fields.filter((f) => !(f.same ?? ((a, b) => canonical(a) === canonical(b)))(f.desired, f.actual));
  const replace = changed.filter((f) => f.replaceWhy);
  if (replace.length)
    return {
      action: 'replace',
      fields: replace.map((f) => f.field),
      why: [...new Set(replace.map((f) => f.replaceWhy))].join('; '),
    };
  if (changed.length) return { action: 'update', fields: changed.map((f) => f.field) };
  return { action: 'noChange' };
}

const FIXED = 'set when the resource is created; GCP cannot change it in place';
const fixed = (field: string, desired: unknown, actual: unknown, why = FIXED): Field => ({
  field,
  desired,
  actual,
  replaceWhy: why,
});

/** A member holding a role in an IAM policy ({bindings: [{role, members}]}). */
const bound = (policy: unknown, role: string, member: string): boolean =>
  list(at(policy, 'bindings')).some((b) => at(b, 'role') === role && list(at(b, 'members')).includes(member));

/** `NO_SCHEDULE` (the API) → `NoSchedule` (the model and gcloud). */
const taintEffect = (e: unknown): string =>
  String(e)
    .toLowerCase()
    .replace(/(^|_)([a-z])/g, (_, __, c: string) => c.toUpperCase());

const versionParts = (v: string): number[] => v.replace(/^\D+/, '').split('_').map(Number);
const older = (a: string, b: string): boolean => {
  const [x, y] = [versionParts(a), versionParts(b)];
  for (let i = 0; i < Math.max(x.length, y.length); i++)
    if ((x[i] ?? 0) !== (y[i] ?? 0)) return (x[i] ?? 0) < (y[i] ?? 0);
  return false;
};

type Rules = { readonly [T in ResourceType]: (r: Of<T>, d: Described) => Comparison };

const RULES: Rules = {
  // A list of services; enabling the missing ones is the update.
  'serviceusage.services': (r, d) => {
    const on = new Set(
      list(d)
        .filter((s) => at(s, 'state') === undefined || at(s, 'state') === 'ENABLED')
        .map((s) => at(s, 'config', 'name') ?? last(at(s, 'name'))),
    );
    return r.properties.services.every((s) => on.has(s))
      ? { action: 'noChange' }
      : { action: 'update', fields: ['services'] };
  },
  'compute.networks': (r, d) =>
    decide([fixed('subnetMode', r.properties.subnetMode, at(d, 'autoCreateSubnetworks') === true ? 'auto' : 'custom')]),
  'compute.subnetworks': (r, d) =>
    decide([
      fixed('network', r.properties.network, last(at(d, 'network'))),
      fixed('region', r.properties.region, last(at(d, 'region'))),
      fixed(
        'ipCidrRange',
        r.properties.ipCidrRange,
        at(d, 'ipCidrRange'),
        'a subnet\u2019s primary range can only be expanded (gcloud compute networks subnets expand-ip-range), not moved or shrunk',
      ),
      fixed(
        'secondaryRanges',
        r.properties.secondaryRanges,
        Object.fromEntries(list(at(d, 'secondaryIpRanges')).map((s) => [at(s, 'rangeName'), at(s, 'ipCidrRange')])),
        'the cluster\u2019s pods and services use the secondary ranges: they cannot change under it',
      ),
      {
        field: 'privateIpGoogleAccess',
        desired: r.properties.privateIpGoogleAccess,
        actual: at(d, 'privateIpGoogleAccess') === true,
      },
    ]),
  'compute.globalAddresses': (r, d) => {
    const q = r.properties;
    if (q.purpose === 'EXTERNAL')
      return decide([
        fixed('purpose', 'EXTERNAL', at(d, 'addressType') ?? 'EXTERNAL'),
        fixed('ipVersion', q.ipVersion, at(d, 'ipVersion') ?? 'IPV4'),
      ]);
    return decide([
      fixed('purpose', q.purpose, at(d, 'purpose')),
      fixed('address', q.address, at(d, 'address')),
      fixed('prefixLength', q.prefixLength, at(d, 'prefixLength')),
      fixed('network', q.network, last(at(d, 'network'))),
    ]);
  },
  // A list of connections on the network (vpc-peerings list); ours is the one to the service.
  'servicenetworking.connections': (r, d) => {
    const c = list(d).find(
      (x) => last(at(x, 'service')) === r.properties.service || at(x, 'service') === `services/${r.properties.service}`,
    );
    if (!c) return { action: 'create' };
    return decide([{ field: 'ranges', desired: r.properties.ranges, actual: list(at(c, 'reservedPeeringRanges')) }]);
  },
  'compute.firewalls': (r, d) => {
    const allowed = list(at(d, 'allowed'));
    const rules = allowed.flatMap((a) => {
      const ports = list(at(a, 'ports'));
      const proto = String(at(a, 'IPProtocol'));
      return ports.length ? ports.map((port) => `${proto}:${String(port)}`) : [proto];
    });
    return decide([
      fixed('network', r.properties.network, last(at(d, 'network'))),
      fixed('direction', r.properties.direction, at(d, 'direction')),
      fixed('action', r.properties.action, at(d, 'denied') ? 'DENY' : 'ALLOW'),
      { field: 'rules', desired: r.properties.rules, actual: rules },
      { field: 'sourceRanges', desired: r.properties.sourceRanges, actual: list(at(d, 'sourceRanges')) },
    ]);
  },
  'artifactregistry.repositories': (r, d) =>
    decide([
      fixed('format', r.properties.format, lower(at(d, 'format'))),
      fixed('location', r.properties.location, /\/locations\/([^/]+)\//.exec(String(at(d, 'name')))?.[1]),
    ]),
  'iam.serviceAccounts': (r, d) =>
    decide([{ field: 'displayName', desired: r.properties.displayName, actual: at(d, 'displayName') }]),
  // An IAM policy: the binding is there or it is added (add-iam-policy-binding leaves the others alone).
  'projects.iamBinding': (r, d) =>
    bound(d, r.properties.role, r.properties.member) ? { action: 'noChange' } : { action: 'create' },
  'iam.serviceAccounts.iamBinding': (r, d) =>
    bound(d, r.properties.role, r.properties.member) ? { action: 'noChange' } : { action: 'create' },
  'secretmanager.secrets.iamBinding': (r, d) =>
    bound(d, r.properties.role, r.properties.member) ? { action: 'noChange' } : { action: 'create' },
  'storage.buckets.iamBinding': (r, d) =>
    bound(d, r.properties.role, r.properties.member) ? { action: 'noChange' } : { action: 'create' },
  'container.clusters': (r, d) => {
    const q = r.properties;
    // The node service account is not compared: the cluster reports it for its default pool only, which the
    // plan deletes; the model's pools carry their own (container.nodePools).
    return decide([
      fixed('location', q.location, at(d, 'location')),
      fixed('network', q.network, last(at(d, 'network'))),
      fixed('subnetwork', q.subnetwork, last(at(d, 'subnetwork'))),
      fixed('podsRange', q.podsRange, at(d, 'ipAllocationPolicy', 'clusterSecondaryRangeName')),
      fixed('servicesRange', q.servicesRange, at(d, 'ipAllocationPolicy', 'servicesSecondaryRangeName')),
      fixed('masterIpv4Cidr', q.masterIpv4Cidr, at(d, 'privateClusterConfig', 'masterIpv4CidrBlock')),
      { field: 'releaseChannel', desired: q.releaseChannel, actual: lower(at(d, 'releaseChannel', 'channel')) },
      { field: 'workloadPool', desired: q.workloadPool, actual: at(d, 'workloadIdentityConfig', 'workloadPool') },
    ]);
  },
  'container.nodePools': (r, d) => {
    const q = r.properties;
    if (q.ensure === 'absent') return d === undefined ? { action: 'noChange' } : { action: 'delete' };
    const config = at(d, 'config');
    const autoscaling = at(d, 'autoscaling');
    const enabled = at(autoscaling, 'enabled') === true;
    const taints: Taint[] = list(at(config, 'taints')).map((t) => ({
      key: String(at(t, 'key')),
      value: String(at(t, 'value')),
      effect: taintEffect(at(t, 'effect')) as Taint['effect'],
    }));
    return decide([
      { field: 'machineType', desired: q.machineType, actual: at(config, 'machineType') },
      { field: 'diskSizeGb', desired: q.diskSizeGb, actual: at(config, 'diskSizeGb') },
      { field: 'minNodes', desired: q.minNodes, actual: enabled ? (at(autoscaling, 'minNodeCount') ?? 0) : undefined },
      { field: 'maxNodes', desired: q.maxNodes, actual: enabled ? at(autoscaling, 'maxNodeCount') : undefined },
      { field: 'labels', desired: q.labels, actual: obj(at(config, 'labels')) },
      { field: 'taints', desired: q.taints, actual: taints },
      fixed('spot', q.spot, at(config, 'spot') === true, 'a node pool is spot or not from its creation'),
      fixed(
        'serviceAccount',
        q.serviceAccount,
        at(config, 'serviceAccount'),
        'a node pool\u2019s service account is set at creation',
      ),
    ]);
  },
  'secretmanager.secrets': (r, d) =>
    decide([
      fixed('replication', r.properties.replication, at(d, 'replication', 'automatic') ? 'automatic' : 'user-managed'),
    ]),
  // A list of versions: any enabled one is the value (it is never compared, only its presence).
  'secretmanager.versions': (_r, d) =>
    list(d).some((v) => (at(v, 'state') ?? 'ENABLED') === 'ENABLED') ? { action: 'noChange' } : { action: 'create' },
  'sqladmin.instances': (r, d) => {
    const q = r.properties;
    const s = at(d, 'settings');
    const version = String(at(d, 'databaseVersion') ?? '');
    return decide([
      fixed('region', q.region, at(d, 'region')),
      fixed(
        'databaseVersion',
        q.databaseVersion,
        version,
        older(q.databaseVersion, version)
          ? 'Cloud SQL cannot downgrade a major version'
          : 'a major version upgrade (gcloud sql instances patch --database-version) is one-way: oh-env leaves it to a person',
      ),
      fixed(
        'privateNetwork',
        q.privateNetwork,
        at(s, 'ipConfiguration', 'privateNetwork'),
        'the private network is chosen at creation',
      ),
      { field: 'tier', desired: q.tier, actual: at(s, 'tier') },
      { field: 'availabilityType', desired: q.availabilityType, actual: at(s, 'availabilityType') },
      {
        field: 'storageSizeGb',
        desired: q.storageSizeGb,
        // The API gives a string (int64); with auto-increase the disk grows on its own, and it never shrinks.
        actual: Number(at(s, 'dataDiskSizeGb')),
        same: (want, have) => Number(have) >= Number(want),
      },
      { field: 'storageAutoIncrease', desired: q.storageAutoIncrease, actual: at(s, 'storageAutoResize') === true },
      { field: 'backupStartTime', desired: q.backupStartTime, actual: at(s, 'backupConfiguration', 'startTime') },
      {
        field: 'pointInTimeRecovery',
        desired: q.pointInTimeRecovery,
        actual: at(s, 'backupConfiguration', 'pointInTimeRecoveryEnabled') === true,
      },
    ]);
  },
  'sqladmin.databases': () => ({ action: 'noChange' }),
  // The password is never returned, so never compared: a user that exists is as wanted.
  'sqladmin.users': () => ({ action: 'noChange' }),
  'redis.instances': (r, d) => {
    const q = r.properties;
    const version = lower(at(d, 'redisVersion')) ?? '';
    return decide([
      fixed('tier', q.tier, at(d, 'tier') === 'STANDARD_HA' ? 'standard' : lower(at(d, 'tier'))),
      fixed('network', q.network, at(d, 'authorizedNetwork')),
      fixed('connectMode', q.connectMode, lower(at(d, 'connectMode'))?.replace(/_/g, '-')),
      { field: 'sizeGb', desired: q.sizeGb, actual: at(d, 'memorySizeGb') },
      older(q.redisVersion, version)
        ? fixed('redisVersion', q.redisVersion, version, 'Memorystore cannot downgrade Redis')
        : { field: 'redisVersion', desired: q.redisVersion, actual: version },
    ]);
  },
  'storage.buckets': (r, d) => {
    const q = r.properties;
    return decide([
      fixed('location', q.location.toUpperCase(), String(at(d, 'location') ?? '').toUpperCase()),
      {
        field: 'uniformAccess',
        desired: q.uniformAccess,
        actual: at(d, 'iamConfiguration', 'uniformBucketLevelAccess', 'enabled') === true,
      },
      {
        field: 'publicAccessPrevention',
        desired: q.publicAccessPrevention,
        actual: at(d, 'iamConfiguration', 'publicAccessPrevention') === 'enforced',
      },
      { field: 'versioning', desired: q.versioning, actual: at(d, 'versioning', 'enabled') === true },
    ]);
  },
};

/**
 * What it takes to bring what `described` shows to `desired`. `described` undefined means the describe said
 * "not found"; for list-shaped describes (APIs, peerings, secret versions) an empty list is passed as is.
 */
export function compare(desired: Resource, described: Described | undefined): Comparison {
  if (described === undefined && !(desired.type === 'container.nodePools' && desired.properties.ensure === 'absent'))
    return { action: 'create' };
  return (RULES[desired.type] as (r: Resource, d: Described) => Comparison)(desired, described);
}

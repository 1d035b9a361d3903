// The GCP side of an environment as desired state: one resource per thing that must exist (or, for the
// cluster's default node pool, must not), with the fields we set, typed per resource type. Everything else is
// derived from these by pure functions: the gcloud argv (gcloud.ts), the comparison with what `describe` returns
// (compare.ts), plan.sh and plan.json (script.ts, plan.ts). No secret value is ever a property: a secret is named.

interface Base<T extends string, P> {
  /** Stable id within the plan, used by `dependsOn` (e.g. `sql-postgres`). */
  readonly id: string;
  readonly type: T;
  /** The resource's own name in GCP (an e-mail for a service account, a bucket name, …). */
  readonly name: string;
  readonly title: string;
  /** Why it is there or set up this way (a comment in plan.sh). */
  readonly why?: string;
  readonly dependsOn: readonly string[];
  readonly properties: P;
}

/** A value known only after provisioning, written to the `<env>-gcp-outputs` ConfigMap. */
export interface Output {
  readonly key: string;
  /** gcloud argv (without `gcloud`) that prints the value. */
  readonly argv: readonly string[];
}

export type ServicesResource = Base<
  'serviceusage.services',
  { readonly project: string; readonly services: readonly string[] }
>;
export type NetworkResource = Base<'compute.networks', { readonly project: string; readonly subnetMode: 'custom' }>;
export type SubnetworkResource = Base<
  'compute.subnetworks',
  {
    readonly project: string;
    readonly network: string;
    readonly region: string;
    readonly ipCidrRange: string;
    /** rangeName → CIDR (the cluster uses `pods` and `services`). */
    readonly secondaryRanges: Readonly<Record<string, string>>;
    readonly privateIpGoogleAccess: boolean;
  }
>;
export type GlobalAddressResource = Base<
  'compute.globalAddresses',
  | {
      readonly project: string;
      readonly purpose: 'VPC_PEERING';
      readonly address: string;
      readonly prefixLength: number;
      readonly network: string;
    }
  | { readonly project: string; readonly purpose: 'EXTERNAL'; readonly ipVersion: 'IPV4' }
>;
export type PeeringResource = Base<
  'servicenetworking.connections',
  { readonly project: string; readonly network: string; readonly service: string; readonly ranges: readonly string[] }
>;
export type FirewallResource = Base<
  'compute.firewalls',
  {
    readonly project: string;
    readonly network: string;
    readonly direction: 'INGRESS';
    readonly action: 'ALLOW';
    /** `tcp:80` style, as gcloud's --rules takes them. */
    readonly rules: readonly string[];
    readonly sourceRanges: readonly string[];
  }
>;
export type RepositoryResource = Base<
  'artifactregistry.repositories',
  { readonly project: string; readonly location: string; readonly format: 'docker' }
>;
export type ServiceAccountResource = Base<
  'iam.serviceAccounts',
  { readonly project: string; readonly accountId: string; readonly displayName: string }
>;
/** One role for one member on one resource: the project, a service account, a secret or a bucket. */
type Binding<T extends string> = Base<
  T,
  { readonly project: string; readonly resource: string; readonly member: string; readonly role: string }
>;
export type BindingResource =
  | Binding<'projects.iamBinding'>
  | Binding<'iam.serviceAccounts.iamBinding'>
  | Binding<'secretmanager.secrets.iamBinding'>
  | Binding<'storage.buckets.iamBinding'>;
export type ClusterResource = Base<
  'container.clusters',
  {
    readonly project: string;
    readonly location: string;
    readonly network: string;
    readonly subnetwork: string;
    readonly podsRange: string;
    readonly servicesRange: string;
    readonly releaseChannel: 'rapid' | 'regular' | 'stable';
    readonly workloadPool: string;
    readonly masterIpv4Cidr: string;
    readonly nodeServiceAccount: string;
  }
>;
export interface Taint {
  readonly key: string;
  readonly value: string;
  readonly effect: 'NoSchedule' | 'PreferNoSchedule' | 'NoExecute';
}
export type NodePoolResource = Base<
  'container.nodePools',
  | {
      readonly project: string;
      readonly cluster: string;
      readonly location: string;
      readonly ensure: 'present';
      readonly machineType: string;
      readonly diskSizeGb: number;
      readonly minNodes: number;
      readonly maxNodes: number;
      readonly labels: Readonly<Record<string, string>>;
      readonly taints: readonly Taint[];
      readonly spot: boolean;
      readonly serviceAccount: string;
    }
  /** The cluster's default pool, which the model's pools replace. */
  | { readonly project: string; readonly cluster: string; readonly location: string; readonly ensure: 'absent' }
>;
export type SecretResource = Base<
  'secretmanager.secrets',
  { readonly project: string; readonly replication: 'automatic' }
>;
/** A secret's first version, generated when the plan runs (never a value here) and kept afterwards. */
export type SecretVersionResource = Base<
  'secretmanager.versions',
  { readonly project: string; readonly secret: string; readonly generateBytes: number }
>;
export type SqlInstanceResource = Base<
  'sqladmin.instances',
  {
    readonly project: string;
    readonly region: string;
    /** e.g. POSTGRES_15 */
    readonly databaseVersion: string;
    readonly tier: string;
    readonly availabilityType: 'ZONAL' | 'REGIONAL';
    readonly storageSizeGb: number;
    readonly storageAutoIncrease: boolean;
    /** projects/<p>/global/networks/<n>: the private IP's network (no public IP). */
    readonly privateNetwork: string;
    readonly backupStartTime: string;
    readonly pointInTimeRecovery: boolean;
  }
>;
export type SqlDatabaseResource = Base<'sqladmin.databases', { readonly project: string; readonly instance: string }>;
export type SqlUserResource = Base<
  'sqladmin.users',
  {
    readonly project: string;
    readonly instance: string;
    /** The Secret Manager secret holding the password: read when the plan runs and fed to gcloud on stdin. */
    readonly passwordSecret: string;
  }
>;
export type RedisResource = Base<
  'redis.instances',
  {
    readonly project: string;
    readonly region: string;
    readonly tier: 'basic' | 'standard';
    readonly sizeGb: number;
    /** e.g. redis_7_0, as gcloud's --redis-version takes it. */
    readonly redisVersion: string;
    readonly network: string;
    readonly connectMode: 'private-service-access';
  }
> & { readonly outputs: readonly Output[] };
export type BucketResource = Base<
  'storage.buckets',
  {
    readonly project: string;
    readonly location: string;
    readonly uniformAccess: boolean;
    readonly publicAccessPrevention: boolean;
    readonly versioning: boolean;
  }
>;

export type Resource =
  | ServicesResource
  | NetworkResource
  | SubnetworkResource
  | GlobalAddressResource
  | PeeringResource
  | FirewallResource
  | RepositoryResource
  | ServiceAccountResource
  | BindingResource
  | ClusterResource
  | NodePoolResource
  | SecretResource
  | SecretVersionResource
  | SqlInstanceResource
  | SqlDatabaseResource
  | SqlUserResource
  | RedisResource
  | BucketResource;

export type ResourceType = Resource['type'];

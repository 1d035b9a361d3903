// compare() against describe JSON shaped as the real APIs return it (gcloud … describe --format=json): what
// the GCP plan provisions reads as noChange, and each kind of drift as the update or replacement it needs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadModel } from '../../../model/load.js';
import { diskReader } from '../../../drivers/files.js';
import { buildPlan, type PlannedResource } from '../plan.js';
import { compare, type Described } from './compare.js';
import { updateCommands } from './gcloud.js';

const root = new URL('../../../../', import.meta.url).pathname;
const plan = buildPlan(loadModel({ cwd: root, target: 'gke' }, diskReader).env);
const res = (id: string): PlannedResource => {
  const r = plan.resources.find((x) => x.id === id);
  assert.ok(r, `no resource ${id}`);
  return r;
};
const compute = 'https://www.googleapis.com/compute/v1/projects/openhands-prod';

/** What GCP returns for each resource of envs/gke once the plan has run (abridged to the fields that matter). */
const DESCRIBED: Readonly<Record<string, Described>> = {
  apis: [
    'artifactregistry',
    'compute',
    'container',
    'iam',
    'iamcredentials',
    'redis',
    'secretmanager',
    'servicenetworking',
    'sqladmin',
    'logging',
  ].map((s) => ({
    name: `projects/123456789012/services/${s}.googleapis.com`,
    config: { name: `${s}.googleapis.com`, title: s },
    state: 'ENABLED',
  })),
  network: {
    kind: 'compute#network',
    name: 'openhands-vpc',
    autoCreateSubnetworks: false,
    routingConfig: { routingMode: 'REGIONAL' },
    selfLink: `${compute}/global/networks/openhands-vpc`,
    subnetworks: [`${compute}/regions/us-central1/subnetworks/openhands-vpc-us-central1`],
  },
  subnet: {
    kind: 'compute#subnetwork',
    name: 'openhands-vpc-us-central1',
    network: `${compute}/global/networks/openhands-vpc`,
    region: `${compute}/regions/us-central1`,
    ipCidrRange: '10.10.0.0/20',
    gatewayAddress: '10.10.0.1',
    privateIpGoogleAccess: true,
    secondaryIpRanges: [
      { rangeName: 'services', ipCidrRange: '10.30.0.0/20' },
      { rangeName: 'pods', ipCidrRange: '10.20.0.0/16' },
    ],
    stackType: 'IPV4_ONLY',
  },
  'private-range': {
    kind: 'compute#address',
    name: 'openhands-private-services',
    address: '10.40.0.0',
    addressType: 'INTERNAL',
    prefixLength: 16,
    purpose: 'VPC_PEERING',
    network: `${compute}/global/networks/openhands-vpc`,
    status: 'RESERVED',
  },
  'private-connection': [
    {
      network: 'projects/123456789012/global/networks/openhands-vpc',
      peering: 'servicenetworking-googleapis-com',
      reservedPeeringRanges: ['openhands-private-services'],
      service: 'services/servicenetworking.googleapis.com',
    },
  ],
  'firewall-web': {
    kind: 'compute#firewall',
    name: 'openhands-vpc-allow-web',
    network: `${compute}/global/networks/openhands-vpc`,
    direction: 'INGRESS',
    priority: 1000,
    allowed: [{ IPProtocol: 'tcp', ports: ['443', '80'] }],
    sourceRanges: ['0.0.0.0/0'],
  },
  'firewall-ssh-iap': {
    kind: 'compute#firewall',
    name: 'openhands-vpc-allow-ssh-iap',
    network: `${compute}/global/networks/openhands-vpc`,
    direction: 'INGRESS',
    allowed: [{ IPProtocol: 'tcp', ports: ['22'] }],
    sourceRanges: ['35.235.240.0/20'],
  },
  address: {
    kind: 'compute#address',
    name: 'openhands-ip',
    address: '34.120.1.2',
    addressType: 'EXTERNAL',
    ipVersion: 'IPV4',
    networkTier: 'PREMIUM',
    status: 'RESERVED',
  },
  'artifact-registry': {
    name: 'projects/openhands-prod/locations/us-central1/repositories/openhands',
    format: 'DOCKER',
    mode: 'STANDARD_REPOSITORY',
  },
  'sa-runtime': {
    name: 'projects/openhands-prod/serviceAccounts/openhands-runtime@openhands-prod.iam.gserviceaccount.com',
    email: 'openhands-runtime@openhands-prod.iam.gserviceaccount.com',
    displayName: 'oh-env openhands runtime',
    uniqueId: '104',
  },
  cluster: {
    name: 'openhands',
    location: 'us-central1-a',
    network: 'openhands-vpc',
    subnetwork: 'openhands-vpc-us-central1',
    status: 'RUNNING',
    releaseChannel: { channel: 'REGULAR' },
    workloadIdentityConfig: { workloadPool: 'openhands-prod.svc.id.goog' },
    privateClusterConfig: { enablePrivateNodes: true, masterIpv4CidrBlock: '172.16.0.0/28' },
    ipAllocationPolicy: {
      useIpAliases: true,
      clusterSecondaryRangeName: 'pods',
      servicesSecondaryRangeName: 'services',
    },
    shieldedNodes: { enabled: true },
  },
  'node-pool-sandboxes': {
    name: 'sandboxes',
    status: 'RUNNING',
    initialNodeCount: 1,
    config: {
      machineType: 'e2-standard-8',
      diskSizeGb: 100,
      labels: { workload: 'sandboxes' },
      taints: [{ key: 'openhands.dev/sandbox', value: 'true', effect: 'NO_SCHEDULE' }],
      serviceAccount: 'openhands-nodes@openhands-prod.iam.gserviceaccount.com',
      workloadMetadataConfig: { mode: 'GKE_METADATA' },
    },
    autoscaling: { enabled: true, minNodeCount: 0, maxNodeCount: 10, locationPolicy: 'BALANCED' },
    management: { autoRepair: true, autoUpgrade: true },
  },
  'secret-jwt-secret': {
    name: 'projects/123456789012/secrets/openhands-jwt-secret',
    replication: { automatic: {} },
    createTime: '2026-12-01T10:00:00Z',
  },
  'secret-jwt-secret-value': [
    { name: 'projects/123456789012/secrets/openhands-jwt-secret/versions/1', state: 'ENABLED' },
  ],
  'sql-postgres': {
    kind: 'sql#instance',
    name: 'openhands-postgres',
    databaseVersion: 'POSTGRES_15',
    region: 'us-central1',
    state: 'RUNNABLE',
    ipAddresses: [{ type: 'PRIVATE', ipAddress: '10.40.0.3' }],
    settings: {
      tier: 'db-custom-2-7680',
      availabilityType: 'REGIONAL',
      dataDiskSizeGb: '27',
      storageAutoResize: true,
      ipConfiguration: { ipv4Enabled: false, privateNetwork: 'projects/openhands-prod/global/networks/openhands-vpc' },
      backupConfiguration: { enabled: true, startTime: '03:00', pointInTimeRecoveryEnabled: true },
    },
  },
  'sql-postgres-user': { kind: 'sql#user', name: 'openhands', instance: 'openhands-postgres' },
  'redis-redis': {
    name: 'projects/openhands-prod/locations/us-central1/instances/openhands-redis',
    tier: 'STANDARD_HA',
    memorySizeGb: 1,
    redisVersion: 'REDIS_7_0',
    authorizedNetwork: 'projects/openhands-prod/global/networks/openhands-vpc',
    connectMode: 'PRIVATE_SERVICE_ACCESS',
    host: '10.40.1.4',
    port: 6379,
    state: 'READY',
  },
  'bucket-files': {
    kind: 'storage#bucket',
    name: 'openhands-files',
    location: 'US-CENTRAL1',
    locationType: 'region',
    storageClass: 'STANDARD',
    versioning: { enabled: true },
    iamConfiguration: { uniformBucketLevelAccess: { enabled: true }, publicAccessPrevention: 'enforced' },
  },
  'bucket-files-access': {
    version: 1,
    etag: 'CAE=',
    bindings: [
      {
        role: 'roles/storage.objectAdmin',
        members: ['serviceAccount:openhands-runtime@openhands-prod.iam.gserviceaccount.com'],
      },
      { role: 'roles/storage.legacyBucketOwner', members: ['projectOwner:openhands-prod'] },
    ],
  },
};

/** A copy of a described resource with one field changed (path through objects). */
function drift(id: string, path: string[], value: unknown): Described {
  const copy = structuredClone(DESCRIBED[id]) as Record<string, unknown>;
  let o = copy;
  for (const k of path.slice(0, -1)) o = o[k] as Record<string, unknown>;
  o[path.at(-1)!] = value;
  return copy;
}

test('what the plan provisions compares as noChange, type by type', () => {
  for (const [id, described] of Object.entries(DESCRIBED))
    assert.deepEqual(compare(res(id), described), { action: 'noChange' }, id);
});

test('a resource the describe did not find is created; the default pool that is gone stays gone', () => {
  for (const id of ['network', 'cluster', 'sql-postgres', 'bucket-files'])
    assert.deepEqual(compare(res(id), undefined), { action: 'create' });
  assert.deepEqual(compare(res('default-pool-removed'), undefined), { action: 'noChange' });
  assert.deepEqual(compare(res('default-pool-removed'), { name: 'default-pool', config: {} }), { action: 'delete' });
  // List-shaped describes: an empty list means missing.
  assert.deepEqual(compare(res('secret-jwt-secret-value'), []), { action: 'create' });
  assert.deepEqual(compare(res('private-connection'), []), { action: 'create' });
  assert.deepEqual(compare(res('bucket-files-access'), { bindings: [] }), { action: 'create' });
});

test('fields gcloud changes in place are updates, with the commands that make them', () => {
  const cases: [string, string[], unknown, string[]][] = [
    ['subnet', ['privateIpGoogleAccess'], false, ['privateIpGoogleAccess']],
    ['firewall-ssh-iap', ['sourceRanges'], ['0.0.0.0/0'], ['sourceRanges']],
    ['cluster', ['releaseChannel'], { channel: 'RAPID' }, ['releaseChannel']],
    ['node-pool-sandboxes', ['config', 'machineType'], 'e2-standard-4', ['machineType']],
    ['node-pool-sandboxes', ['autoscaling'], { enabled: false }, ['minNodes', 'maxNodes']],
    ['node-pool-sandboxes', ['config', 'taints'], [], ['taints']],
    ['sql-postgres', ['settings', 'tier'], 'db-custom-1-3840', ['tier']],
    ['sql-postgres', ['settings', 'availabilityType'], 'ZONAL', ['availabilityType']],
    ['sql-postgres', ['settings', 'dataDiskSizeGb'], '10', ['storageSizeGb']],
    ['redis-redis', ['memorySizeGb'], 2, ['sizeGb']],
    ['redis-redis', ['redisVersion'], 'REDIS_6_X', ['redisVersion']],
    ['bucket-files', ['versioning'], { enabled: false }, ['versioning']],
    ['private-connection', ['0', 'reservedPeeringRanges'], ['other'], ['ranges']],
    ['sa-runtime', ['displayName'], 'someone renamed it', ['displayName']],
  ];
  for (const [id, path, value, fields] of cases) {
    const c = compare(res(id), drift(id, path, value));
    assert.deepEqual(c, { action: 'update', fields }, `${id} ${path.join('.')}`);
    assert.ok(updateCommands(res(id), fields).length > 0, `${id}: no command updates ${fields.join(', ')}`);
  }
  const pool = updateCommands(res('node-pool-sandboxes'), ['machineType', 'minNodes']).map((c) => c.argv.join(' '));
  assert.deepEqual(pool, [
    'container node-pools update sandboxes --cluster=openhands --location=us-central1-a --machine-type=e2-standard-8 --disk-size=100 --project=openhands-prod',
    'container node-pools update sandboxes --cluster=openhands --location=us-central1-a --enable-autoscaling --min-nodes=0 --max-nodes=10 --project=openhands-prod',
  ]);
  assert.deepEqual(
    updateCommands(res('sql-postgres'), ['tier', 'availabilityType']).map((c) => c.argv.join(' ')),
    [
      'sql instances patch openhands-postgres --tier=db-custom-2-7680 --availability-type=REGIONAL --project=openhands-prod',
    ],
  );
  assert.deepEqual(
    compare(res('apis'), (DESCRIBED.apis as unknown[]).slice(1)),
    { action: 'update', fields: ['services'] },
    'a disabled API is enabled',
  );
  const binding = compare(res('bucket-files-access'), drift('bucket-files-access', ['bindings'], []));
  assert.deepEqual(binding, { action: 'create' });
});

test('fields set only at creation are replacements, with the reason', () => {
  const cases: [string, string[], unknown, string[], RegExp][] = [
    ['subnet', ['ipCidrRange'], '10.11.0.0/20', ['ipCidrRange'], /only be expanded/],
    [
      'subnet',
      ['secondaryIpRanges'],
      [{ rangeName: 'pods', ipCidrRange: '10.99.0.0/16' }],
      ['secondaryRanges'],
      /pods and services/,
    ],
    ['cluster', ['privateClusterConfig', 'masterIpv4CidrBlock'], '172.16.1.0/28', ['masterIpv4Cidr'], /created/],
    ['node-pool-sandboxes', ['config', 'spot'], true, ['spot'], /spot/],
    ['sql-postgres', ['databaseVersion'], 'POSTGRES_14', ['databaseVersion'], /one-way|upgrade/],
    ['sql-postgres', ['databaseVersion'], 'POSTGRES_16', ['databaseVersion'], /cannot downgrade/],
    ['redis-redis', ['tier'], 'BASIC', ['tier'], /created/],
    ['redis-redis', ['redisVersion'], 'REDIS_7_2', ['redisVersion'], /downgrade/],
    ['bucket-files', ['location'], 'EU', ['location'], /created/],
    ['address', ['ipVersion'], 'IPV6', ['ipVersion'], /created/],
    ['secret-jwt-secret', ['replication'], { userManaged: { replicas: [] } }, ['replication'], /created/],
  ];
  for (const [id, path, value, fields, why] of cases) {
    const c = compare(res(id), drift(id, path, value));
    assert.equal(c.action, 'replace', `${id} ${path.join('.')}: ${JSON.stringify(c)}`);
    if (c.action !== 'replace') continue;
    assert.deepEqual(c.fields, fields);
    assert.match(c.why, why);
  }
  // A replacement wins over updates found at the same time, and names only what forces it.
  const both = compare(res('subnet'), {
    ...(DESCRIBED.subnet as object),
    ipCidrRange: '10.11.0.0/20',
    privateIpGoogleAccess: false,
  });
  assert.equal(both.action, 'replace');
  assert.deepEqual(both.action === 'replace' && both.fields, ['ipCidrRange']);
});

test('order and the disk auto-increase are not drift', () => {
  // The API lists ports and ranges in its own order; a disk that grew on its own is not shrunk back.
  assert.deepEqual(
    compare(res('firewall-web'), drift('firewall-web', ['allowed'], [{ IPProtocol: 'tcp', ports: ['80', '443'] }])),
    {
      action: 'noChange',
    },
  );
  assert.deepEqual(compare(res('sql-postgres'), drift('sql-postgres', ['settings', 'dataDiskSizeGb'], '500')), {
    action: 'noChange',
  });
});

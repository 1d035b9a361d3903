// The data side as desired resources: Secret Manager secrets (their first generated version and the runtime
// account's access to each), and per backend Cloud SQL, Memorystore or a GCS bucket with scoped access.
import type { Environment, GkeTarget } from '../../../model/schema.js';
import { outputKey } from '../../../model/contract.js';
import { redisInstanceName, secretManagerName, sqlInstanceName, type GcpNames } from '../gcp-names.js';
import type { Resource } from './resource.js';

const byName = <T>(o: Readonly<Record<string, T>>): [string, T][] =>
  Object.entries(o).sort(([a], [b]) => a.localeCompare(b));

export function secretResources(env: Environment, n: GcpNames): Resource[] {
  const out: Resource[] = [];
  const runtime = n.accounts.runtime;
  for (const [name, secret] of byName(env.secrets)) {
    const gcpName = secretManagerName(env, name);
    out.push({
      id: `secret-${name}`,
      type: 'secretmanager.secrets',
      name: gcpName,
      title: `Secret Manager secret ${gcpName}`,
      dependsOn: ['apis'],
      properties: { project: n.project, replication: 'automatic' },
    });
    if (secret.generate)
      out.push({
        id: `secret-${name}-value`,
        type: 'secretmanager.versions',
        name: `${gcpName}/versions/1`,
        title: `Generate the first value of ${gcpName} (${secret.generate.length} random bytes), kept afterwards`,
        why: 'generated in the script and piped to Secret Manager: the value never appears in a file or a command line',
        dependsOn: [`secret-${name}`],
        properties: { project: n.project, secret: gcpName, generateBytes: secret.generate.length },
      });
    out.push({
      id: `secret-${name}-access`,
      type: 'secretmanager.secrets.iamBinding',
      name: gcpName,
      title: `Let ${runtime.id} read ${gcpName} (this secret only)`,
      dependsOn: [`secret-${name}`, 'sa-runtime'],
      properties: {
        project: n.project,
        resource: gcpName,
        member: `serviceAccount:${runtime.email}`,
        role: 'roles/secretmanager.secretAccessor',
      },
    });
  }
  return out;
}

export function dataResources(env: Environment, n: GcpNames, gke: GkeTarget): Resource[] {
  const out: Resource[] = [];
  const project = n.project;
  const privateNetwork = `projects/${project}/global/networks/${n.network}`;
  for (const [name, b] of byName(env.backends)) {
    if (b.type === 'postgres') {
      const instance = sqlInstanceName(env, name);
      out.push(
        {
          id: `sql-${name}`,
          type: 'sqladmin.instances',
          name: instance,
          title: `Cloud SQL for PostgreSQL ${b.version} instance ${instance} (private IP only)`,
          why: 'no public IP: reachable only through the VPC peering, from pods via the Cloud SQL connector',
          dependsOn: ['private-connection'],
          properties: {
            project,
            region: n.region,
            databaseVersion: `POSTGRES_${b.version}`,
            tier: gke.sql.tier,
            availabilityType: gke.sql.availability === 'regional' ? 'REGIONAL' : 'ZONAL',
            storageSizeGb: gke.sql.diskSizeGb,
            storageAutoIncrease: true,
            privateNetwork,
            backupStartTime: '03:00',
            pointInTimeRecovery: true,
          },
        },
        {
          id: `sql-${name}-database`,
          type: 'sqladmin.databases',
          name: b.database,
          title: `Database ${b.database} on ${instance}`,
          dependsOn: [`sql-${name}`],
          properties: { project, instance },
        },
        {
          id: `sql-${name}-user`,
          type: 'sqladmin.users',
          name: b.user,
          title: `Database user ${b.user} on ${instance}, password from Secret Manager`,
          why: 'the password goes from Secret Manager to gcloud on stdin (--flags-file=-), never on a command line',
          dependsOn: [
            `sql-${name}`,
            env.secrets[b.passwordSecret]?.generate ? `secret-${b.passwordSecret}-value` : `secret-${b.passwordSecret}`,
          ],
          properties: { project, instance, passwordSecret: secretManagerName(env, b.passwordSecret) },
        },
      );
    } else if (b.type === 'redis') {
      const instance = redisInstanceName(env, name);
      const sizeGb = Math.max(1, Math.ceil(quantityGi(b.memory)));
      const [major, minor] = b.version.split('.');
      out.push({
        id: `redis-${name}`,
        type: 'redis.instances',
        name: instance,
        title: `Memorystore for Redis ${b.version} instance ${instance} (${gke.redisTier}, ${sizeGb} GB)`,
        dependsOn: ['private-connection'],
        properties: {
          project,
          region: n.region,
          tier: gke.redisTier,
          sizeGb,
          redisVersion: `redis_${major}_${minor ?? '0'}`,
          network: privateNetwork,
          connectMode: 'private-service-access',
        },
        outputs: [
          {
            key: outputKey('REDIS_HOST', name),
            argv: [
              'redis',
              'instances',
              'describe',
              instance,
              `--region=${n.region}`,
              '--format=value(host)',
              `--project=${project}`,
            ],
          },
        ],
      });
    } else {
      out.push(
        {
          id: `bucket-${name}`,
          type: 'storage.buckets',
          name: b.bucket,
          title: `Cloud Storage bucket ${b.bucket} (uniform access, no public access, versioning ${b.versioning ? 'on' : 'off'})`,
          dependsOn: ['apis'],
          properties: {
            project,
            location: b.location ?? n.region,
            uniformAccess: true,
            publicAccessPrevention: true,
            versioning: b.versioning,
          },
        },
        {
          id: `bucket-${name}-access`,
          type: 'storage.buckets.iamBinding',
          name: b.bucket,
          title: `Let ${n.accounts.runtime.id} read and write objects in ${b.bucket} (this bucket only)`,
          dependsOn: [`bucket-${name}`, 'sa-runtime'],
          properties: {
            project,
            resource: b.bucket,
            member: `serviceAccount:${n.accounts.runtime.email}`,
            role: 'roles/storage.objectAdmin',
          },
        },
      );
    }
  }
  return out;
}

/** "1Gi" → 1, "512Mi" → 0.5, "2" → 2 bytes, for Memorystore's size in GB. */
function quantityGi(q: string): number {
  const m = /^([0-9.]+)(m|Ki|Mi|Gi|Ti)?$/.exec(q);
  const v = Number(m?.[1] ?? 1);
  const perGi: Record<string, number> = { Ti: 1 / 1024, Gi: 1, Mi: 1024, Ki: 1024 * 1024, m: 1000 * 2 ** 30 };
  return v / (perGi[m?.[2] ?? ''] ?? 2 ** 30);
}

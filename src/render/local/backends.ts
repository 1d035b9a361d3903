// The backends on local: the same emulator containers kind runs (Postgres, Redis, fake-gcs-server), each with
// a named volume for its data and a health check that runs inside its image, so "healthy" means "accepts
// work" and the app's `uses` waits for exactly that.
import { GCS_EMULATOR_PORT, POSTGRES_PORT, REDIS_PORT } from '../../model/contract.js';
import type { BucketBackend, Environment, PostgresBackend, RedisBackend } from '../../model/schema.js';
import { BACKEND_IMAGES } from '../images.js';
import { fakeGcsCommand } from '../kube/backends.js';
import { secretVar } from '../secret-names.js';
import type { ComposeHealthcheck, ComposeService } from './compose-types.js';
import { LABEL_ENV, LABEL_KIND, volumeKey } from './labels.js';

/** Backends check often (their checks are cheap) and get a long start period: a first Postgres start initialises. */
const check = (...test: string[]): ComposeHealthcheck => ({
  test: ['CMD', ...test],
  interval: '2s',
  timeout: '5s',
  retries: 5,
  start_period: '60s',
});

const BUCKET_CHECK_PATH = '/storage/v1/b';

function base(env: Environment, name: string, image: string, volumePath: string) {
  return {
    name,
    kind: 'backend' as const,
    image,
    environment: {},
    dependsOn: {},
    ports: [],
    labels: { ...env.metadata.labels, [LABEL_ENV]: env.metadata.name, [LABEL_KIND]: 'backend' },
    limits: {},
    reservations: {},
    restart: 'unless-stopped' as const,
    mounts: [{ type: 'volume' as const, source: volumeKey(name, 'data'), target: volumePath, readOnly: false }],
    extraHosts: [],
  };
}

function postgres(env: Environment, name: string, b: PostgresBackend): ComposeService {
  return {
    ...base(env, name, b.image ?? BACKEND_IMAGES.postgres(b.version), '/var/lib/postgresql/data'),
    environment: {
      POSTGRES_DB: { kind: 'value', value: b.database },
      POSTGRES_USER: { kind: 'value', value: b.user },
      POSTGRES_PASSWORD: {
        kind: 'secret',
        secret: b.passwordSecret,
        variable: secretVar(b.passwordSecret),
        required: true,
      },
    },
    healthcheck: check('pg_isready', '-U', b.user, '-d', b.database, '-h', '127.0.0.1'),
    hostCheck: { kind: 'listens', port: POSTGRES_PORT },
  };
}

function redis(env: Environment, name: string, b: RedisBackend): ComposeService {
  return {
    ...base(env, name, b.image ?? BACKEND_IMAGES.redis(b.version), '/data'),
    healthcheck: check('redis-cli', 'ping'),
    hostCheck: { kind: 'listens', port: REDIS_PORT },
  };
}

function bucket(env: Environment, name: string, b: BucketBackend): ComposeService {
  return {
    ...base(env, name, b.emulatorImage ?? BACKEND_IMAGES.bucket(), '/storage'),
    // The bucket exists from the first start (an empty seed directory named after it); objects live on the
    // volume and survive restarts. The URLs it hands out name the host the app uses.
    entrypoint: fakeGcsCommand(b.bucket, name),
    healthcheck: check('wget', '-q', '-O', '/dev/null', `http://127.0.0.1:${GCS_EMULATOR_PORT}${BUCKET_CHECK_PATH}`),
    hostCheck: { kind: 'http', port: GCS_EMULATOR_PORT, path: BUCKET_CHECK_PATH },
  };
}

export function backendServices(env: Environment): ComposeService[] {
  return Object.entries(env.backends).map(([name, b]) =>
    b.type === 'postgres' ? postgres(env, name, b) : b.type === 'redis' ? redis(env, name, b) : bucket(env, name, b),
  );
}

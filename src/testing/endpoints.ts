// What an emulated backend is reachable at from the host, per backend type.

export interface PostgresEndpoint {
  readonly type: 'postgres';
  readonly host: string;
  readonly port: number;
  readonly database: string;
  readonly user: string;
  readonly password: string;
  /** postgresql://user:password@host:port/database */
  readonly url: string;
  /** The container, for `docker logs` and cleanup by id. */
  readonly containerId: string;
}

export interface RedisEndpoint {
  readonly type: 'redis';
  readonly host: string;
  readonly port: number;
  /** redis://host:port */
  readonly url: string;
  readonly containerId: string;
}

export interface BucketEndpoint {
  readonly type: 'bucket';
  /** The emulator's base URL: STORAGE_EMULATOR_HOST, and `apiEndpoint` for @google-cloud/storage. */
  readonly url: string;
  readonly bucket: string;
}

export type Endpoint = PostgresEndpoint | RedisEndpoint | BucketEndpoint;
export type Endpoints = Readonly<Record<string, Endpoint>>;

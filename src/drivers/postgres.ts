// What oh-env does to an emulated Postgres over the wire (pg): snapshot the migrated database as a template and
// restore it between tests. Both run on the server itself, so a restore is a file copy, not a replay.
import type { ClientConfig } from 'pg';
import { waitUntil } from './net.js';

export interface PgConnection {
  readonly host: string;
  readonly port: number;
  readonly user: string;
  readonly password: string;
}

const ident = (name: string): string => `"${name.replace(/"/g, '""')}"`;

async function onMaintenanceDb(conn: PgConnection, statements: readonly string[]): Promise<void> {
  const { default: pg } = await import('pg');
  const config: ClientConfig = { ...conn, database: 'postgres', connectionTimeoutMillis: 5000 };
  const client = new pg.Client(config);
  await client.connect();
  try {
    for (const sql of statements) await client.query(sql);
  } finally {
    await client.end();
  }
}

/** Resolves once `database` answers a query (the server also runs during initialisation, but socket-only). */
export async function waitForPostgres(conn: PgConnection, database: string, timeoutMs: number): Promise<void> {
  const { default: pg } = await import('pg');
  await waitUntil(
    async () => {
      const client = new pg.Client({ ...conn, database, connectionTimeoutMillis: 1000 });
      client.on('error', () => {});
      try {
        await client.connect();
        await client.query('SELECT 1');
        return true;
      } finally {
        await client.end().catch(() => {});
      }
    },
    { timeoutMs, everyMs: 50, what: `postgres ${conn.host}:${conn.port}` },
  );
}

/** Copies `database` to the template `snapshot` (replacing an older one). Nobody may be connected to it. */
export async function snapshotDatabase(conn: PgConnection, database: string, snapshot: string): Promise<void> {
  await onMaintenanceDb(conn, [
    `DROP DATABASE IF EXISTS ${ident(snapshot)}`,
    `CREATE DATABASE ${ident(snapshot)} TEMPLATE ${ident(database)} STRATEGY FILE_COPY`,
  ]);
}

/** Replaces `database` with a copy of `snapshot`, closing whatever is still connected to it. */
export async function restoreDatabase(
  conn: PgConnection,
  database: string,
  snapshot: string,
  owner: string,
): Promise<void> {
  await onMaintenanceDb(conn, [
    `DROP DATABASE IF EXISTS ${ident(database)} WITH (FORCE)`,
    `CREATE DATABASE ${ident(database)} TEMPLATE ${ident(snapshot)} OWNER ${ident(owner)} STRATEGY FILE_COPY`,
  ]);
}

/** A fresh database cloned from `snapshot`, for a test that wants its own (parallel tests on one server). */
export async function cloneDatabase(conn: PgConnection, snapshot: string, name: string, owner: string): Promise<void> {
  await onMaintenanceDb(conn, [
    `CREATE DATABASE ${ident(name)} TEMPLATE ${ident(snapshot)} OWNER ${ident(owner)} STRATEGY FILE_COPY`,
  ]);
}

/** Drops a database made by cloneDatabase. */
export async function dropDatabase(conn: PgConnection, name: string): Promise<void> {
  await onMaintenanceDb(conn, [`DROP DATABASE IF EXISTS ${ident(name)} WITH (FORCE)`]);
}

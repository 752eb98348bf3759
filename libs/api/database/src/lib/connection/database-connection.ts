import { createHash } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { btree_gist } from '@electric-sql/pglite/contrib/btree_gist';
import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaPGlite } from 'pglite-prisma-adapter';
import { Pool, PoolClient } from 'pg';
import { PrismaClient } from '../../generated/prisma/client';
import { SqlDriver } from './sql-driver';

export interface DatabaseConnection {
  prisma: PrismaClient;
  driver: SqlDriver;
  close(): Promise<void>;
}

export interface ConnectionOptions {
  /** postgres:// URL; when absent, PGlite persisted under `dataDir/pglite`. */
  databaseUrl?: string;
  dataDir: string;
  poolSize?: number;
  /** Called for errors on idle pool connections (e.g. a PostgreSQL restart). */
  onIdleError?: (error: Error) => void;
}

export async function openDatabase(options: ConnectionOptions): Promise<DatabaseConnection> {
  return options.databaseUrl ? openPostgres(options.databaseUrl, options) : openPglite(options.dataDir);
}

async function openPostgres(url: string, options: ConnectionOptions): Promise<DatabaseConnection> {
  const pool = new Pool({ connectionString: url, max: options.poolSize ?? 20, connectionTimeoutMillis: 10_000 });
  // Without this handler an idle client's error (database restart) kills the process.
  pool.on('error', (error) => options.onIdleError?.(error));
  const prisma = new PrismaClient({ adapter: new PrismaPg(pool) });
  // Prepared statements are named after their text: the same text always
  // gets the same name, which node-postgres prepares once per connection.
  const names = new Map<string, string>();
  const nameOf = (sql: string) => {
    let name = names.get(sql);
    if (!name) {
      name = `passerelle_${createHash('sha256').update(sql).digest('hex').slice(0, 24)}`;
      names.set(sql, name);
    }
    return name;
  };
  const run = (client: Pool | PoolClient) => ({
    exec: async (sql: string) => {
      await client.query(sql);
    },
    query: async <Row extends Record<string, unknown>>(sql: string, params?: unknown[], options?: { prepared?: boolean }) =>
      (await (options?.prepared ? client.query({ name: nameOf(sql), text: sql, values: params }) : client.query(sql, params as unknown[]))).rows as Row[],
  });
  const driver: SqlDriver = {
    kind: 'postgres',
    ...run(pool),
    transaction: async (work) => {
      const client = await pool.connect();
      // A checked-out client has no pool listener: without this one, losing
      // its connection while `work` awaits something else (a scheduled job
      // holding its lock) would be an unhandled 'error' event, fatal to the process.
      let lost: Error | undefined;
      const onLost = (error: Error) => {
        lost = error;
        options.onIdleError?.(error);
      };
      client.on('error', onLost);
      try {
        await client.query('BEGIN');
        const result = await work(run(client));
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      } finally {
        client.off('error', onLost);
        client.release(lost);
      }
    },
  };
  return {
    prisma,
    driver,
    close: async () => {
      await prisma.$disconnect();
      await pool.end();
    },
  };
}

async function openPglite(dataDir: string): Promise<DatabaseConnection> {
  const dir = join(dataDir, 'pglite');
  mkdirSync(dir, { recursive: true });
  const pglite = await PGlite.create(dir, { extensions: { btree_gist } });
  const prisma = new PrismaClient({ adapter: new PrismaPGlite(pglite) });
  const run = (client: Pick<PGlite, 'exec' | 'query'>) => ({
    exec: async (sql: string) => {
      await client.exec(sql);
    },
    query: async <Row extends Record<string, unknown>>(sql: string, params?: unknown[]) =>
      (await client.query<Row>(sql, params)).rows,
  });
  const driver: SqlDriver = {
    kind: 'pglite',
    ...run(pglite),
    transaction: (work) => pglite.transaction((tx) => work(run(tx))),
  };
  return {
    prisma,
    driver,
    close: async () => {
      await prisma.$disconnect();
      await pglite.close();
    },
  };
}

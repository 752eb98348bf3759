import { DynamicModule } from '@nestjs/common';
import { PRISMA, SQL_DRIVER } from '../lib/database.tokens';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { DatabaseConnection, openDatabase } from '../lib/connection/database-connection';
import { findMigrationsDir, migrate, readMigrations } from '../lib/migrations/migrator';

export interface TestDatabase extends DatabaseConnection {
  /** postgres:// URL of the database, or undefined for PGlite. */
  url: string | undefined;
  /** Closes the connection and drops the database (or removes the PGlite dir). */
  destroy(): Promise<void>;
}

/** Admin URL of the throwaway cluster started by `npm test` (tools/test/postgres-cluster.mjs). */
export function testAdminUrl(): string {
  const url = process.env['TEST_PG_ADMIN_URL'];
  if (!url) {
    throw new Error('TEST_PG_ADMIN_URL is not set: run integration tests with `npm run test:integration`, which starts a throwaway PostgreSQL.');
  }
  return url;
}

/** A fresh, empty PostgreSQL database on the throwaway cluster. */
export async function createEmptyPostgresDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const admin = testAdminUrl();
  const name = `t_${randomBytes(6).toString('hex')}`;
  const client = new Client({ connectionString: admin });
  await client.connect();
  await client.query(`CREATE DATABASE ${name}`);
  await client.end();
  const url = new URL(admin);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const c = new Client({ connectionString: admin });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

/**
 * A freshly migrated database for one test file: PostgreSQL on the throwaway
 * cluster by default, or an embedded PGlite when `kind` is 'pglite'.
 */
export async function createTestDatabase(kind: 'postgres' | 'pglite' = 'postgres'): Promise<TestDatabase> {
  if (kind === 'pglite') {
    const dataDir = mkdtempSync(join(tmpdir(), 'passerelle-pglite-'));
    const connection = await openDatabase({ dataDir });
    await migrate(connection.driver, readMigrations(findMigrationsDir()));
    return {
      ...connection,
      url: undefined,
      destroy: async () => {
        await connection.close();
        rmSync(dataDir, { recursive: true, force: true });
      },
    };
  }
  const database = await createEmptyPostgresDatabase();
  const connection = await openDatabase({ databaseUrl: database.url, dataDir: tmpdir(), poolSize: 10 });
  await migrate(connection.driver, readMigrations(findMigrationsDir()));
  return {
    ...connection,
    url: database.url,
    destroy: async () => {
      await connection.close();
      await database.drop();
    },
  };
}

/** A global Nest module giving PRISMA and SQL_DRIVER for a test database (service-level integration tests). */
export function testDatabaseModule(db: DatabaseConnection): DynamicModule {
  return {
    module: TestDatabaseModule,
    global: true,
    providers: [
      { provide: PRISMA, useValue: db.prisma },
      { provide: SQL_DRIVER, useValue: db.driver },
    ],
    exports: [PRISMA, SQL_DRIVER],
  };
}
class TestDatabaseModule {}

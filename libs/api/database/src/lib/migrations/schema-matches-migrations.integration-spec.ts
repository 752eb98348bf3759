import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '../connection/database-connection';
import { SqlDriver } from '../connection/sql-driver';
import { createEmptyPostgresDatabase } from '../../testing/test-database';
import { findMigrationsDir, migrate, readMigrations } from './migrator';

/**
 * Drift check: the database our SQL migrations build must have exactly the
 * tables, columns (type, precision, nullability, default), enums, indexes
 * and constraints that Prisma itself derives from schema.prisma. Prisma's
 * own SQL comes from its schema engine (tools/prisma/migration-diff.mjs).
 * Exclusion and CHECK constraints (and the indexes behind them) are
 * hand-written rules Prisma's schema language cannot express: they are left
 * out of the comparison, and asserted by the tests of the rules they enforce.
 */
const root = join(__dirname, '../../../../../..');

function prismaSqlForSchema(): string {
  return execFileSync(process.execPath, [join(root, 'tools/prisma/migration-diff.mjs'), '--print', '--from', 'empty'], {
    cwd: root,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'ignore'],
  });
}

async function describeSchema(driver: SqlDriver) {
  const columns = await driver.query(
    `SELECT table_name, column_name, data_type, udt_name, is_nullable, column_default, datetime_precision, character_maximum_length
       FROM information_schema.columns
      WHERE table_schema = 'public' AND table_name <> '_prisma_migrations'
      ORDER BY table_name, column_name`,
  );
  const indexes = await driver.query(
    `SELECT tablename, indexname, indexdef FROM pg_indexes
      WHERE schemaname = 'public' AND tablename <> '_prisma_migrations'
        AND indexname NOT IN (SELECT conname FROM pg_constraint WHERE contype = 'x')
      ORDER BY indexname`,
  );
  const constraints = await driver.query(
    `SELECT c.conrelid::regclass::text AS table_name, c.conname, pg_get_constraintdef(c.oid) AS definition
       FROM pg_constraint c
      WHERE c.connamespace = 'public'::regnamespace AND c.conrelid::regclass::text <> '_prisma_migrations'
        AND c.contype NOT IN ('x', 'c')
      ORDER BY c.conname`,
  );
  const enums = await driver.query(
    `SELECT t.typname, string_agg(e.enumlabel, ',' ORDER BY e.enumsortorder) AS labels
       FROM pg_type t JOIN pg_enum e ON e.enumtypid = t.oid GROUP BY t.typname ORDER BY t.typname`,
  );
  return { columns, indexes, constraints, enums };
}

jest.setTimeout(120_000);

describe('SQL migrations match schema.prisma', () => {
  const expectedSql = prismaSqlForSchema();

  it('Prisma produced SQL for the schema', () => {
    expect(expectedSql).toContain('CREATE TABLE "Account"');
  });

  it('on PostgreSQL', async () => {
    const fromPrisma = await createEmptyPostgresDatabase();
    const fromMigrations = await createEmptyPostgresDatabase();
    const a = await openDatabase({ databaseUrl: fromPrisma.url, dataDir: tmpdir(), poolSize: 2 });
    const b = await openDatabase({ databaseUrl: fromMigrations.url, dataDir: tmpdir(), poolSize: 2 });
    try {
      await a.driver.exec(expectedSql);
      const report = await migrate(b.driver, readMigrations(findMigrationsDir()));
      expect(report.applied.length).toBeGreaterThan(0);
      const expected = await describeSchema(a.driver);
      const actual = await describeSchema(b.driver);
      expect(actual.columns.length).toBeGreaterThan(50);
      expect(actual).toEqual(expected);
    } finally {
      await a.close();
      await b.close();
      await fromPrisma.drop();
      await fromMigrations.drop();
    }
  });

  it('on the embedded PGlite', async () => {
    const dirA = mkdtempSync(join(tmpdir(), 'drift-a-'));
    const dirB = mkdtempSync(join(tmpdir(), 'drift-b-'));
    const a = await openDatabase({ dataDir: dirA });
    const b = await openDatabase({ dataDir: dirB });
    try {
      await a.driver.exec(expectedSql);
      await migrate(b.driver, readMigrations(findMigrationsDir()));
      expect(await describeSchema(b.driver)).toEqual(await describeSchema(a.driver));
    } finally {
      await a.close();
      await b.close();
      rmSync(dirA, { recursive: true, force: true });
      rmSync(dirB, { recursive: true, force: true });
    }
  });

  it('re-running the migrator applies nothing, and an edited migration stops start-up', async () => {
    const db = await createEmptyPostgresDatabase();
    const c = await openDatabase({ databaseUrl: db.url, dataDir: tmpdir(), poolSize: 2 });
    try {
      const migrations = readMigrations(findMigrationsDir());
      await migrate(c.driver, migrations);
      expect(await migrate(c.driver, migrations)).toEqual({ applied: [], alreadyApplied: migrations.length });
      const rows = await c.driver.query<{ n: string }>('SELECT count(*)::text AS n FROM "_prisma_migrations"');
      expect(Number(rows[0].n)).toBe(migrations.length);
      const edited = migrations.map((m, i) => (i === 0 ? { ...m, checksum: 'f'.repeat(64) } : m));
      await expect(migrate(c.driver, edited)).rejects.toThrow(/was edited after it was applied/);
    } finally {
      await c.close();
      await db.drop();
    }
  });

  it('instances starting at once on an empty database: one applies each migration, none fails', async () => {
    const migrations = readMigrations(findMigrationsDir());
    // The race is on the first statements (the bookkeeping table): a few
    // rounds of eight instances made it show on the unlocked version.
    for (let round = 0; round < 4; round += 1) {
      const db = await createEmptyPostgresDatabase();
      const instances = await Promise.all(Array.from({ length: 8 }, () => openDatabase({ databaseUrl: db.url, dataDir: tmpdir(), poolSize: 1 })));
      try {
        await Promise.all(instances.map((instance) => instance.driver.query('SELECT 1')));
        const reports = await Promise.all(instances.map((instance) => migrate(instance.driver, migrations)));
        expect(reports.flatMap((r) => r.applied).sort()).toEqual(migrations.map((m) => m.name).sort());
        const rows = await instances[0].driver.query<{ n: string }>('SELECT count(*)::text AS n FROM "_prisma_migrations"');
        expect(Number(rows[0].n)).toBe(migrations.length);
      } finally {
        await Promise.all(instances.map((instance) => instance.close()));
        await db.drop();
      }
    }
  });
});

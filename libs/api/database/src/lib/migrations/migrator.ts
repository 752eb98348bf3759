import { createHash, randomUUID } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { SqlDriver } from '../connection/sql-driver';

/**
 * Applies prisma/migrations/<name>/migration.sql in name order and records
 * each in `_prisma_migrations` exactly as Prisma does (same table, checksum =
 * SHA-256 of the file), so `prisma migrate status/deploy` agree on a machine
 * that has Prisma's native engine. Hand-written because Prisma 7's migrate
 * needs that native engine, which our machines cannot download.
 */
export interface MigrationFile {
  name: string;
  sql: string;
  checksum: string;
}

export interface MigrationReport {
  applied: string[];
  alreadyApplied: number;
}

export class MigrationError extends Error {}

const MIGRATIONS_TABLE = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
  "id" VARCHAR(36) PRIMARY KEY NOT NULL,
  "checksum" VARCHAR(64) NOT NULL,
  "finished_at" TIMESTAMPTZ,
  "migration_name" VARCHAR(255) NOT NULL,
  "logs" TEXT,
  "rolled_back_at" TIMESTAMPTZ,
  "started_at" TIMESTAMPTZ NOT NULL DEFAULT now(),
  "applied_steps_count" INTEGER NOT NULL DEFAULT 0
)`;

/** Arbitrary constant: several instances starting at once migrate one at a time. */
const MIGRATION_LOCK = 72_707_369;

export function readMigrations(dir: string): MigrationFile[] {
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(join(dir, entry.name, 'migration.sql')))
    .map((entry) => entry.name)
    .sort()
    .map((name) => {
      const sql = readFileSync(join(dir, name, 'migration.sql'), 'utf8');
      return { name, sql, checksum: createHash('sha256').update(sql).digest('hex') };
    });
}

/** prisma/migrations next to the built API (copied as an asset) or in the repository. */
export function findMigrationsDir(start = __dirname): string {
  const candidates = [join(start, 'migrations')];
  for (let dir = start; dir !== dirname(dir); dir = dirname(dir)) {
    candidates.push(join(dir, 'prisma', 'migrations'));
  }
  candidates.push(join(process.cwd(), 'prisma', 'migrations'));
  const found = candidates.find((candidate) => existsSync(candidate) && readdirSync(candidate).some((n) => /^\d{14}_/.test(n)));
  if (!found) {
    throw new MigrationError(`No prisma/migrations directory found from ${start}`);
  }
  return found;
}

export async function migrate(driver: SqlDriver, migrations: MigrationFile[]): Promise<MigrationReport> {
  // The bookkeeping table is created under the same lock: two instances
  // racing on CREATE TABLE IF NOT EXISTS can both miss the table and one
  // then fails on pg_type's unique index (seen when a cluster starts).
  await driver.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    await tx.exec(MIGRATIONS_TABLE);
  });
  const applied: string[] = [];
  for (const migration of migrations) {
    const didApply = await driver.transaction(async (tx) => {
      // Several instances starting at once: one applies, the others wait here
      // and then find the migration recorded.
      await tx.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
      const [previous] = await tx.query<{ checksum: string; finished_at: Date | null }>(
        'SELECT checksum, finished_at FROM "_prisma_migrations" WHERE migration_name = $1 AND rolled_back_at IS NULL',
        [migration.name],
      );
      if (previous) {
        if (!previous.finished_at) {
          throw new MigrationError(`Migration ${migration.name} started but never finished: repair the database before starting.`);
        }
        if (previous.checksum !== migration.checksum) {
          throw new MigrationError(`Migration ${migration.name} was edited after it was applied: add a new migration instead.`);
        }
        return false;
      }
      await tx.exec(migration.sql);
      await tx.query(
        `INSERT INTO "_prisma_migrations" (id, checksum, migration_name, started_at, finished_at, applied_steps_count)
         VALUES ($1, $2, $3, now(), now(), 1)`,
        [randomUUID(), migration.checksum, migration.name],
      );
      return true;
    });
    if (didApply) {
      applied.push(migration.name);
    }
  }
  return { applied, alreadyApplied: migrations.length - applied.length };
}

/** Drops everything (db:reset). */
export async function wipe(driver: SqlDriver): Promise<void> {
  await driver.exec('DROP SCHEMA public CASCADE; CREATE SCHEMA public;');
}

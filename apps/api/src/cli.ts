import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { AuditModule, AuditTrail } from '@passerelle/api/audit';
import { AppConfig, ConfigModule, ConfigurationError, validateEnvironment } from '@passerelle/api/config';
import { findMigrationsDir, migrate, openDatabase, readMigrations, wipe } from '@passerelle/api/database';
import { DatabaseModule } from '@passerelle/api/database';
import { DemoDataSeeder, IdentityModule } from '@passerelle/api/identity';

/**
 * Operational commands on the configured database (DATABASE_URL or the
 * embedded PGlite in DATA_DIR):
 *   migrate        apply pending migrations          (npm run db:migrate)
 *   seed           add the demo data                 (npm run db:seed)
 *   reset          drop everything, migrate, seed    (npm run db:reset)
 *   audit:verify   re-hash the audit chain           (npm run audit:verify)
 */
@Module({ imports: [ConfigModule.forRoot(), DatabaseModule, AuditModule, IdentityModule] })
class CliModule {}

const out = (line: string) => process.stdout.write(`${line}\n`);

async function withApp<T>(work: (app: Awaited<ReturnType<typeof NestFactory.createApplicationContext>>) => Promise<T>): Promise<T> {
  const app = await NestFactory.createApplicationContext(CliModule, { logger: ['error', 'warn'] });
  try {
    return await work(app);
  } finally {
    await app.close();
  }
}

async function main(command: string | undefined): Promise<number> {
  const config = new AppConfig(validateEnvironment(process.env));
  switch (command) {
    case 'migrate':
    case 'reset': {
      const connection = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
      try {
        if (command === 'reset') {
          await wipe(connection.driver);
          out('database wiped');
        }
        const report = await migrate(connection.driver, readMigrations(findMigrationsDir()));
        out(`migrations applied: ${report.applied.length} (${report.applied.join(', ') || 'none pending'}); already applied: ${report.alreadyApplied}`);
      } finally {
        await connection.close();
      }
      if (command === 'reset') {
        await withApp((app) => app.get(DemoDataSeeder).seed());
        out('demo data created');
      }
      return 0;
    }
    case 'seed': {
      const seeded = await withApp((app) => app.get(DemoDataSeeder).seedIfEmpty());
      out(seeded ? 'demo data created' : 'the database already has accounts: nothing seeded (use npm run db:reset to start over)');
      return 0;
    }
    case 'audit:verify': {
      const result = await withApp((app) => app.get(AuditTrail).verify());
      if (result.intact) {
        out(`audit trail intact: ${result.checked} entries verified`);
        return 0;
      }
      out(`AUDIT TRAIL TAMPERED: entry ${result.brokenAt?.id}: ${result.brokenAt?.reason} (${result.checked} entries verified before it)`);
      return 1;
    }
    default:
      out('usage: cli <migrate|seed|reset|audit:verify>');
      return 2;
  }
}

main(process.argv[2]).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`${error instanceof ConfigurationError ? error.message : error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);

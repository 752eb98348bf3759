import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { AuditModule, AuditTrail } from '@passerelle/api/audit';
import { AppConfig, ConfigModule, ConfigurationError, validateEnvironment } from '@passerelle/api/config';
import { findMigrationsDir, migrate, openDatabase, readMigrations, wipe } from '@passerelle/api/database';
import { DatabaseModule } from '@passerelle/api/database';
import { IdentityModule } from '@passerelle/api/identity';
import { AgendaModule } from '@passerelle/api/agenda';
import { MessagingModule } from '@passerelle/api/messaging';
import { DirectoryModule, formatImportSummary, NationalDirectoryImport, terminalProgressBar } from '@passerelle/api/directory';
import { seedDemoData } from './demo-data';

/**
 * Operational commands on the configured database (DATABASE_URL or the
 * embedded PGlite in DATA_DIR):
 *   migrate        apply pending migrations          (npm run db:migrate)
 *   seed           add the demo data                 (npm run db:seed)
 *   reset          drop everything, migrate, seed    (npm run db:reset)
 *   audit:verify   re-hash the audit chain           (npm run audit:verify)
 *   directory:import <file> [--prune]  load the public RPPS extraction (npm run directory:import -- <file>)
 */
@Module({ imports: [ConfigModule.forRoot(), DatabaseModule, AuditModule, IdentityModule, AgendaModule, DirectoryModule, MessagingModule] })
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
        await withApp((app) => seedDemoData(app, false));
        out('demo data created');
      }
      return 0;
    }
    case 'seed': {
      const seeded = await withApp((app) => seedDemoData(app, true));
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
    case 'directory:import':
      return importNationalDirectory(process.argv.slice(3));
    default:
      out('usage: cli <migrate|seed|reset|audit:verify|directory:import <file> [--prune]>');
      return 2;
  }
}

/** `npm run directory:import -- <file> [--prune]`: rejected lines are reported, not fatal (exit 0). */
async function importNationalDirectory(args: string[]): Promise<number> {
  const file = args.find((arg) => !arg.startsWith('--'));
  if (!file) {
    out('usage: npm run directory:import -- <PS_LibreAcces_Personne_activite file> [--prune]');
    return 2;
  }
  const report = await withApp((app) => app.get(NationalDirectoryImport).importFile(file, { progress: terminalProgressBar(), prune: args.includes('--prune') }));
  formatImportSummary(report).forEach(out);
  return 0;
}

main(process.argv[2]).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`${error instanceof ConfigurationError ? error.message : error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);

import { Global, Inject, Logger, Module, OnApplicationShutdown } from '@nestjs/common';
import { AppConfig } from '@passerelle/api/config';
import { DatabaseConnection, openDatabase } from './connection/database-connection';
import { findMigrationsDir, migrate, readMigrations } from './migrations/migrator';
import { PRISMA, SQL_DRIVER } from './database.tokens';
import { DatabaseHealth } from './database-health';

const CONNECTION = Symbol('DatabaseConnection');

/**
 * Opens PostgreSQL (DATABASE_URL) or the embedded PGlite (DATA_DIR/pglite),
 * applies pending migrations before anything else runs, and closes the
 * connection on shutdown.
 */
@Global()
@Module({
  providers: [
    {
      provide: CONNECTION,
      inject: [AppConfig],
      useFactory: async (config: AppConfig): Promise<DatabaseConnection> => {
        const logger = new Logger('Database');
        const connection = await openDatabase({
          databaseUrl: config.databaseUrl,
          dataDir: config.dataDir,
          onIdleError: (error) => logger.warn(`idle database connection lost: ${error.message}`),
        });
        const report = await migrate(connection.driver, readMigrations(findMigrationsDir()));
        logger.log(
          `${connection.driver.kind === 'pglite' ? 'embedded PGlite' : 'PostgreSQL'} ready; migrations applied now: ${report.applied.length}, before: ${report.alreadyApplied}`,
        );
        return connection;
      },
    },
    { provide: PRISMA, inject: [CONNECTION], useFactory: (c: DatabaseConnection) => c.prisma },
    { provide: SQL_DRIVER, inject: [CONNECTION], useFactory: (c: DatabaseConnection) => c.driver },
    DatabaseHealth,
  ],
  exports: [PRISMA, SQL_DRIVER, DatabaseHealth],
})
export class DatabaseModule implements OnApplicationShutdown {
  constructor(@Inject(CONNECTION) private readonly connection: DatabaseConnection) {}

  async onApplicationShutdown(): Promise<void> {
    await this.connection.close();
  }
}

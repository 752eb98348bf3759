export * from './lib/database.module';
export * from './lib/database.tokens';
export * from './lib/database-health';
export * from './lib/connection/sql-driver';
export * from './lib/connection/database-connection';
export * from './lib/migrations/migrator';
/** The generated client and its types: import them in *.repository.ts files only. */
export { PrismaClient, Prisma } from './generated/prisma/client';
export * as DbEnums from './generated/prisma/enums';

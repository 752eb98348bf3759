import { defineConfig } from 'prisma/config';

// Used by `prisma generate` only: migrations are plain SQL applied by our own
// migrator (libs/api/database), because Prisma 7's migrate needs a native
// engine that cannot be downloaded on our build machines.
export default defineConfig({
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations' },
});

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findMigrationsDir, migrate, readMigrations } from '../migrations/migrator';
import { openDatabase } from './database-connection';

jest.setTimeout(120_000);

/** `npm start` without DATABASE_URL: the embedded PGlite keeps its data across restarts. */
describe('embedded PGlite under DATA_DIR', () => {
  it('keeps data after the process closes and reopens it, and does not re-apply migrations', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'passerelle-restart-'));
    try {
      const first = await openDatabase({ dataDir });
      const applied = await migrate(first.driver, readMigrations(findMigrationsDir()));
      expect(applied.applied.length).toBeGreaterThan(0);
      await first.prisma.practice.create({ data: { name: 'Cabinet persistant', addressLine: '1 rue', postcode: '69003', commune: 'Lyon', departement: '69' } });
      await first.close();

      const second = await openDatabase({ dataDir });
      try {
        expect((await migrate(second.driver, readMigrations(findMigrationsDir()))).applied).toEqual([]);
        const practices = await second.prisma.practice.findMany({ select: { name: true } });
        expect(practices).toEqual([{ name: 'Cabinet persistant' }]);
      } finally {
        await second.close();
      }
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

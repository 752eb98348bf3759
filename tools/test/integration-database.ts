/**
 * For `*.integration-spec.ts` files: a fresh, empty database on the throwaway
 * cluster that `npm run test:integration` starts (TEST_PG_ADMIN_URL). Each
 * suite gets its own database, so suites never see each other's rows.
 *
 *   let db: TestDatabase;
 *   beforeAll(async () => { db = await createTestDatabase('agenda'); });
 *   afterAll(() => db.drop());
 */
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';

export interface TestDatabase {
  /** postgresql:// URL of the new database (superuser, trust auth). */
  url: string;
  name: string;
  /** Drops the database, closing any connection left open. */
  drop(): Promise<void>;
}

export function testAdminUrl(): string {
  const url = process.env['TEST_PG_ADMIN_URL'];
  if (!url) {
    throw new Error(
      'TEST_PG_ADMIN_URL is not set: integration tests need the throwaway PostgreSQL cluster; ' +
        'run them with `npm run test:integration`.',
    );
  }
  return url;
}

const quoteIdent = (name: string) => `"${name.replace(/"/g, '""')}"`;

async function withAdmin<T>(adminUrl: string, work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: adminUrl });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** Creates `<prefix>_<random>` on the test cluster and returns its URL. */
export async function createTestDatabase(prefix = 'it', adminUrl: string = testAdminUrl()): Promise<TestDatabase> {
  const clean = prefix.toLowerCase().replace(/[^a-z0-9_]+/g, '_').replace(/^[^a-z_]/, '_').slice(0, 40);
  const name = `${clean}_${randomBytes(5).toString('hex')}`;
  await withAdmin(adminUrl, (client) => client.query(`create database ${quoteIdent(name)} template template0 encoding 'UTF8'`));
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    name,
    drop: () =>
      withAdmin(adminUrl, async (client) => {
        await client.query(`drop database if exists ${quoteIdent(name)} with (force)`);
      }),
  };
}

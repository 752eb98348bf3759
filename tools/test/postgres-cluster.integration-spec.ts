import { Client } from 'pg';
import { createTestDatabase, testAdminUrl } from './integration-database';

describe('throwaway PostgreSQL cluster', () => {
  it('accepts connections on TEST_PG_ADMIN_URL with the test settings', async () => {
    const client = new Client({ connectionString: testAdminUrl() });
    await client.connect();
    try {
      const { rows } = await client.query<{ one: number; version: string; max: string; fsync: string }>(
        "select 1 as one, current_setting('server_version_num') as version, current_setting('max_connections') as max, current_setting('fsync') as fsync",
      );
      expect(rows[0]).toMatchObject({ one: 1, max: '300', fsync: 'off' });
      expect(Number(rows[0].version)).toBeGreaterThanOrEqual(150000);
    } finally {
      await client.end();
    }
  });

  it('gives each suite its own database, and drops it', async () => {
    const first = await createTestDatabase('cluster_spec');
    const second = await createTestDatabase('cluster_spec');
    expect(first.name).not.toBe(second.name);

    const client = new Client({ connectionString: first.url });
    await client.connect();
    const { rows } = await client.query<{ db: string }>('select current_database() as db');
    await client.query('create table t (id int)');
    await client.end();
    expect(rows[0].db).toBe(first.name);

    const other = new Client({ connectionString: second.url });
    await other.connect();
    const tables = await other.query("select 1 from pg_tables where schemaname = 'public'");
    await other.end();
    expect(tables.rowCount).toBe(0);

    await first.drop();
    await second.drop();
    const admin = new Client({ connectionString: testAdminUrl() });
    await admin.connect();
    const left = await admin.query('select 1 from pg_database where datname = any($1)', [[first.name, second.name]]);
    await admin.end();
    expect(left.rowCount).toBe(0);
  });
});

import type { SqlDriver } from '@passerelle/api/database';

/** Advisory lock key space of Passerelle (first half of the two-int key; the second is hashtext(name)). */
const LOCK_SPACE = 0x50_41_53_53;

/**
 * Runs `work` while holding the PostgreSQL advisory lock `name`, taken in a
 * transaction on a connection of its own (so `work` may use any other
 * connection) and released when that transaction ends — or when its
 * connection dies with the instance. `try`: give up at once when another
 * instance holds it; `wait`: queue behind it. Embedded PGlite is a single
 * process by construction: `work` just runs.
 */
export async function withAdvisoryLock<T>(driver: SqlDriver, name: string, mode: 'try' | 'wait', work: () => Promise<T>): Promise<{ acquired: true; result: T } | { acquired: false }> {
  if (driver.kind !== 'postgres') return { acquired: true, result: await work() };
  return driver.transaction(async (tx) => {
    if (mode === 'wait') {
      await tx.query('SELECT pg_advisory_xact_lock($1::int, hashtext($2))', [LOCK_SPACE, name]);
    } else {
      const [{ locked }] = await tx.query<{ locked: boolean }>('SELECT pg_try_advisory_xact_lock($1::int, hashtext($2)) AS locked', [LOCK_SPACE, name]);
      if (!locked) return { acquired: false };
    }
    return { acquired: true, result: await work() };
  });
}

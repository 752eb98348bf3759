import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { createTestDatabase, TestDatabase } from '@passerelle/api/database/testing';
import { SasNotificationRepository } from './sas-notification.repository';

jest.setTimeout(120_000);

/** The INT_R03 outbox's claiming SQL on PostgreSQL: SKIP LOCKED, lease, order per appointment. */
describe('SAS notification outbox on PostgreSQL', () => {
  let db: TestDatabase;
  let outbox: SasNotificationRepository;

  beforeAll(async () => {
    db = await createTestDatabase();
    outbox = new SasNotificationRepository(db.prisma);
  });
  afterAll(() => db.destroy());
  beforeEach(() => db.prisma.sasAppointmentNotification.deleteMany({}));

  const add = (appointmentId: string, createdAt: Date, over: { nextAttemptAt?: Date; status?: 'PENDING' | 'SENT' } = {}) =>
    db.prisma.sasAppointmentNotification.create({ data: { appointmentId, createdAt, nextAttemptAt: over.nextAttemptAt ?? createdAt, status: over.status ?? 'PENDING' } });

  it('gives each due notification to exactly one of many concurrent workers', async () => {
    const base = Date.now() - 60_000;
    const ids = await Promise.all(Array.from({ length: 60 }, (_, i) => add(randomUUID(), new Date(base + i)).then((n) => n.id)));
    const claims = await Promise.all(Array.from({ length: 8 }, () => outbox.claimDue(10, 60_000)));
    const claimed = claims.flat().map((c) => c.id);
    expect(new Set(claimed).size).toBe(claimed.length);
    // A second round takes the rest; nothing is claimed twice while leased.
    const rest = (await Promise.all(Array.from({ length: 8 }, () => outbox.claimDue(10, 60_000)))).flat().map((c) => c.id);
    expect([...claimed, ...rest].sort()).toEqual([...ids].sort());
    expect(await outbox.claimDue(100, 60_000)).toEqual([]);
  });

  it('hands out only the oldest pending change of an appointment, so the platform sees them in order', async () => {
    const appointment = randomUUID();
    const t = Date.now() - 60_000;
    const first = await add(appointment, new Date(t));
    const second = await add(appointment, new Date(t + 1));
    const [claimed, ...others] = await outbox.claimDue(10, 60_000);
    expect(others).toEqual([]);
    expect(claimed.id).toBe(first.id);
    // Still pending (leased): the next change waits.
    expect(await outbox.claimDue(10, 60_000)).toEqual([]);
    await outbox.markSent(first.id);
    expect((await outbox.claimDue(10, 60_000)).map((c) => c.id)).toEqual([second.id]);
  });

  it('retries a failure after its backoff, and a crashed worker\'s claim after the lease', async () => {
    const failed = await add(randomUUID(), new Date(Date.now() - 1000));
    const [claim] = await outbox.claimDue(10, 60_000);
    await outbox.markFailed(claim.id, 1, new Date(Date.now() + 300), 'ECONNREFUSED');
    expect(await outbox.claimDue(10, 60_000)).toEqual([]);
    await new Promise((r) => setTimeout(r, 400));
    const [again] = await outbox.claimDue(10, 50);
    expect(again).toEqual({ id: failed.id, appointmentId: failed.appointmentId, attempts: 1 });
    // The worker "dies" with the claim: after the 50 ms lease, another takes it.
    await new Promise((r) => setTimeout(r, 120));
    expect((await outbox.claimDue(10, 60_000)).map((c) => c.id)).toEqual([failed.id]);
    const row = await db.prisma.sasAppointmentNotification.findUniqueOrThrow({ where: { id: failed.id } });
    expect(row.lastError).toBe('ECONNREFUSED');
    expect(row.status).toBe('PENDING');
  });

  it('ignores sent notifications and those not yet due', async () => {
    await add(randomUUID(), new Date(Date.now() - 1000), { status: 'SENT' });
    await add(randomUUID(), new Date(Date.now() - 1000), { nextAttemptAt: new Date(Date.now() + 60_000) });
    expect(await outbox.claimDue(10, 60_000)).toEqual([]);
  });
});

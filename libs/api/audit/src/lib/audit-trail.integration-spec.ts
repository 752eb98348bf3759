import { Test } from '@nestjs/testing';
import { createTestDatabase, TestDatabase } from '@passerelle/api/database/testing';
import { PRISMA, SQL_DRIVER } from '@passerelle/api/database';
import { AuditRepository } from './audit.repository';
import { AuditTrail } from './audit.service';
import { Actor } from './audit-entry';

jest.setTimeout(60_000);

const actor: Actor = { accountId: '00000000-0000-4000-8000-000000000001', role: 'PRACTITIONER', ip: '203.0.113.7', requestId: 'req-1' };

describe('audit trail (PostgreSQL)', () => {
  let db: TestDatabase;
  let trail: AuditTrail;

  beforeAll(async () => {
    db = await createTestDatabase();
    const moduleRef = await Test.createTestingModule({
      providers: [AuditRepository, AuditTrail, { provide: PRISMA, useValue: db.prisma }, { provide: SQL_DRIVER, useValue: db.driver }],
    }).compile();
    trail = moduleRef.get(AuditTrail);
  });
  afterAll(() => db.destroy());

  it('chains concurrent entries and verifies them', async () => {
    await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        trail.record({ actor, action: 'patient.read', result: 'SUCCESS', resourceType: 'Patient', resourceId: `p${i}`, details: { i, note: 'é|ü' } }),
      ),
    );
    const verification = await trail.verify(7);
    expect(verification).toEqual({ intact: true, checked: 50 });
    const [latest] = await trail.list({ limit: 1 });
    expect(latest).toMatchObject({ action: 'patient.read', actorRole: 'PRACTITIONER', ip: '203.0.113.7' });
  });

  it('refuses UPDATE, DELETE and TRUNCATE in the database itself', async () => {
    await expect(db.driver.exec(`UPDATE "AuditEvent" SET result = 'DENIED'`)).rejects.toThrow(/append-only/);
    await expect(db.driver.exec(`DELETE FROM "AuditEvent"`)).rejects.toThrow(/append-only/);
    await expect(db.driver.exec(`TRUNCATE "AuditEvent"`)).rejects.toThrow(/append-only/);
    expect((await trail.verify()).intact).toBe(true);
  });

  it('detects a row tampered with by someone who bypassed the triggers', async () => {
    const [{ id }] = await db.driver.query<{ id: string }>(`SELECT id::text AS id FROM "AuditEvent" ORDER BY id LIMIT 1 OFFSET 10`);
    // A superuser can switch triggers off; the hash chain still tells.
    await db.driver.exec(`ALTER TABLE "AuditEvent" DISABLE TRIGGER USER`);
    await db.driver.query(`UPDATE "AuditEvent" SET result = 'DENIED' WHERE id = $1::bigint`, [id]);
    await db.driver.exec(`ALTER TABLE "AuditEvent" ENABLE TRIGGER USER`);
    const verification = await trail.verify();
    expect(verification.intact).toBe(false);
    expect(verification.brokenAt).toEqual({ id, reason: expect.stringContaining('modified') });
  });

  it('detects a deleted row', async () => {
    const fresh = await createTestDatabase();
    try {
      const moduleRef = await Test.createTestingModule({
        providers: [AuditRepository, AuditTrail, { provide: PRISMA, useValue: fresh.prisma }, { provide: SQL_DRIVER, useValue: fresh.driver }],
      }).compile();
      const t = moduleRef.get(AuditTrail);
      for (let i = 0; i < 5; i++) {
        await t.record({ actor, action: 'auth.login', result: 'SUCCESS' });
      }
      await fresh.driver.exec(`ALTER TABLE "AuditEvent" DISABLE TRIGGER USER`);
      await fresh.driver.exec(`DELETE FROM "AuditEvent" WHERE id = 3`);
      await fresh.driver.exec(`ALTER TABLE "AuditEvent" ENABLE TRIGGER USER`);
      expect((await t.verify()).brokenAt).toEqual({ id: '4', reason: expect.stringContaining('removed') });
    } finally {
      await fresh.destroy();
    }
  });
});

import 'reflect-metadata';
import { Test } from '@nestjs/testing';
import { randomUUID } from 'node:crypto';
import { createTestDatabase, TestDatabase, testDatabaseModule } from '@passerelle/api/database/testing';
import { Account, AccountRepository } from '@passerelle/api/identity';
import { Revocation, SessionRevocations } from './session-revocations';
import { SessionRepository } from './session.repository';
import { SessionService } from './session.service';

jest.setTimeout(120_000);

/** The idle timer on PostgreSQL: restarted by use at most once a minute, never for a revoked session. */
describe('SessionService.resume on PostgreSQL', () => {
  let db: TestDatabase;
  let sessions: SessionService;
  let account: Account;
  const announced: Revocation[] = [];

  beforeAll(async () => {
    db = await createTestDatabase();
    const moduleRef = await Test.createTestingModule({
      imports: [testDatabaseModule(db)],
      providers: [AccountRepository, SessionRepository, SessionService, SessionRevocations],
    }).compile();
    sessions = moduleRef.get(SessionService);
    moduleRef.get(SessionRevocations).onRevoked((revocation) => announced.push(revocation));
    account = await moduleRef.get(AccountRepository).create({ email: `s-${randomUUID()}@exemple.fr`, role: 'PATIENT', displayName: 'Patient', passwordHash: null });
  });
  afterAll(() => db.destroy());

  const issued = async (lastSeenAgoMs: number) => {
    const { token, session } = await sessions.issue(account, true, { ip: null, userAgent: null });
    await db.prisma.session.update({ where: { id: session.id }, data: { lastSeenAt: new Date(Date.now() - lastSeenAgoMs) } });
    return { token, id: session.id };
  };
  const lastSeenAt = async (id: string) => (await db.prisma.session.findUniqueOrThrow({ where: { id } })).lastSeenAt.getTime();

  it('restarts the idle timer of a session last seen over a minute ago', async () => {
    const { token, id } = await issued(5 * 60_000);
    const before = Date.now();
    const resumed = await sessions.resume(token);
    expect(resumed?.account.id).toBe(account.id);
    expect(resumed?.session.lastSeenAt.getTime()).toBeGreaterThanOrEqual(before - 1);
    expect(await lastSeenAt(id)).toBe(resumed?.session.lastSeenAt.getTime());
  });

  it('writes nothing for a session seen less than a minute ago', async () => {
    const { token, id } = await issued(10_000);
    const stored = await lastSeenAt(id);
    expect((await sessions.resume(token))?.session.lastSeenAt.getTime()).toBe(stored);
    expect(await lastSeenAt(id)).toBe(stored);
  });

  it('a revoked session is not resumed, and using it does not bring it back; its live connections are told', async () => {
    const { token, id } = await issued(5 * 60_000);
    const resumed = await sessions.resume(token);
    if (!resumed) throw new Error('not resumed');
    await sessions.revoke(resumed.session);
    expect(announced).toEqual([{ sessionId: id }]);
    const stored = await lastSeenAt(id);
    expect(await sessions.resume(token)).toBeNull();
    // Even a touch racing the revocation leaves it revoked.
    await new SessionRepository(db.prisma, db.driver).touch(id, new Date());
    const row = await db.prisma.session.findUniqueOrThrow({ where: { id } });
    expect(row.revokedAt).not.toBeNull();
    expect(row.lastSeenAt.getTime()).toBe(stored);
  });
});

import { Inject, Injectable } from '@nestjs/common';
import { PRISMA, Prisma, PrismaClient, SQL_DRIVER, SqlDriver } from '@passerelle/api/database';
import { Account, AccountColumns, toAccount } from '@passerelle/api/identity';
import { SessionRecord } from './session';

const SESSION_FIELDS = ['id', 'accountId', 'csrfToken', 'mfaVerified', 'createdAt', 'lastSeenAt', 'absoluteExpiresAt', 'reauthenticatedAt', 'revokedAt', 'sasOriginAt', 'ip', 'userAgent'] as const;
// Every column of SessionRecord must be read above: a new one forgotten here would silently read as undefined.
type UnreadSessionField = Exclude<keyof SessionRecord, (typeof SESSION_FIELDS)[number]>;
const everySessionFieldRead: [UnreadSessionField] extends [never] ? true : UnreadSessionField = true;
void everySessionFieldRead;

/** A session and its account in one statement: the account's columns, then the session's prefixed "session.". */
const SESSION_WITH_ACCOUNT_SQL = `
SELECT a.*, ${SESSION_FIELDS.map((f) => `s."${f}"${f === 'accountId' ? '::text' : ''} AS "session.${f}"`).join(', ')}
  FROM "Session" s JOIN "Account" a ON a.id = s."accountId"
 WHERE s.id = $1`;

/** Revokes the account's live sessions (but `exceptId`); also run inside credential transactions. */
export async function revokeSessionsOf(db: Prisma.TransactionClient, accountId: string, exceptId?: string): Promise<number> {
  const { count } = await db.session.updateMany({
    where: { accountId, revokedAt: null, id: exceptId ? { not: exceptId } : undefined },
    data: { revokedAt: new Date() },
  });
  return count;
}

@Injectable()
export class SessionRepository {
  constructor(
    @Inject(PRISMA) private readonly prisma: PrismaClient,
    @Inject(SQL_DRIVER) private readonly sql: SqlDriver,
  ) {}

  async create(session: Omit<SessionRecord, 'createdAt' | 'revokedAt' | 'reauthenticatedAt'> & { reauthenticatedAt?: Date | null }): Promise<SessionRecord> {
    return this.prisma.session.create({ data: session });
  }

  find(id: string): Promise<SessionRecord | null> {
    return this.prisma.session.findUnique({ where: { id } });
  }

  /** The session and its account, read together: it runs on every authenticated request. */
  async findWithAccount(id: string): Promise<{ session: SessionRecord; account: Account } | null> {
    const [row] = await this.sql.query<AccountColumns & Record<string, unknown>>(SESSION_WITH_ACCOUNT_SQL, [id], { prepared: true });
    if (!row) return null;
    const session = Object.fromEntries(SESSION_FIELDS.map((f) => [f, row[`session.${f}`]])) as unknown as SessionRecord;
    return { session, account: toAccount(row) };
  }

  async markSasOrigin(id: string, at: Date): Promise<void> {
    await this.prisma.session.updateMany({ where: { id, revokedAt: null }, data: { sasOriginAt: at } });
  }

  /** Restarts the idle timer (a revoked session stays revoked). Plain SQL: it runs in the request path. */
  async touch(id: string, at: Date): Promise<void> {
    await this.sql.query(`UPDATE "Session" SET "lastSeenAt" = $2 WHERE id = $1 AND "revokedAt" IS NULL`, [id, at], { prepared: true });
  }

  async markReauthenticated(id: string, at: Date): Promise<void> {
    await this.prisma.session.update({ where: { id }, data: { reauthenticatedAt: at } });
  }

  async revoke(id: string): Promise<void> {
    await this.prisma.session.updateMany({ where: { id, revokedAt: null }, data: { revokedAt: new Date() } });
  }

  revokeAllOfAccount(accountId: string, exceptId?: string): Promise<number> {
    return revokeSessionsOf(this.prisma, accountId, exceptId);
  }

  listActive(accountId: string, idleSince: Date, now: Date): Promise<SessionRecord[]> {
    return this.prisma.session.findMany({
      where: { accountId, revokedAt: null, lastSeenAt: { gt: idleSince }, absoluteExpiresAt: { gt: now } },
      orderBy: { lastSeenAt: 'desc' },
    });
  }
}

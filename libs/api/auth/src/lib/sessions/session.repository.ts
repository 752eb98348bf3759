import { Inject, Injectable } from '@nestjs/common';
import { PRISMA, PrismaClient } from '@passerelle/api/database';
import { SessionRecord } from './session';

@Injectable()
export class SessionRepository {
  constructor(@Inject(PRISMA) private readonly prisma: PrismaClient) {}

  async create(session: Omit<SessionRecord, 'createdAt' | 'revokedAt' | 'reauthenticatedAt'> & { reauthenticatedAt?: Date | null }): Promise<SessionRecord> {
    return this.prisma.session.create({ data: session });
  }

  find(id: string): Promise<SessionRecord | null> {
    return this.prisma.session.findUnique({ where: { id } });
  }

  async markSasOrigin(id: string, at: Date): Promise<void> {
    await this.prisma.session.updateMany({ where: { id, revokedAt: null }, data: { sasOriginAt: at } });
  }

  async touch(id: string, at: Date): Promise<void> {
    await this.prisma.session.updateMany({ where: { id, revokedAt: null }, data: { lastSeenAt: at } });
  }

  async markReauthenticated(id: string, at: Date): Promise<void> {
    await this.prisma.session.update({ where: { id }, data: { reauthenticatedAt: at } });
  }

  async revoke(id: string): Promise<void> {
    await this.prisma.session.updateMany({ where: { id, revokedAt: null }, data: { revokedAt: new Date() } });
  }

  async revokeAllOfAccount(accountId: string, exceptId?: string): Promise<number> {
    const { count } = await this.prisma.session.updateMany({
      where: { accountId, revokedAt: null, id: exceptId ? { not: exceptId } : undefined },
      data: { revokedAt: new Date() },
    });
    return count;
  }

  listActive(accountId: string, idleSince: Date, now: Date): Promise<SessionRecord[]> {
    return this.prisma.session.findMany({
      where: { accountId, revokedAt: null, lastSeenAt: { gt: idleSince }, absoluteExpiresAt: { gt: now } },
      orderBy: { lastSeenAt: 'desc' },
    });
  }
}

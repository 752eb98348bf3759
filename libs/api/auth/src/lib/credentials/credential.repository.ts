import { Inject, Injectable } from '@nestjs/common';
import { DbEnums, PRISMA, PrismaClient } from '@passerelle/api/database';
import { linkTokenHash } from '../links/one-time-links';
import { revokeSessionsOf } from '../sessions/session.repository';
import { CredentialTransaction } from './password-bound-key';

export type LinkPurpose = DbEnums.OneTimeLinkPurpose;

export interface LinkRecord {
  accountId: string;
  expiresAt: Date;
  usedAt: Date | null;
}

/** Thrown inside a reset transaction to roll it back: the link or the account changed meanwhile. */
class LinkNoLongerUsable extends Error {}

/**
 * Password writes and the one-time links that allow them. A password change
 * and a reset are each one transaction: the password, the sessions and the
 * password-bound key (`bound`) change together or not at all. The account
 * row is written first, so two credential changes of one account queue on
 * its row lock and the second reads what the first committed.
 */
@Injectable()
export class CredentialRepository {
  constructor(@Inject(PRISMA) private readonly prisma: PrismaClient) {}

  /**
   * A new link for the account, unless `max` links of that purpose were
   * issued since `since` (false then). Its earlier live links expire now
   * (kept, so they still count). The account row is locked first, so that
   * concurrent requests count one after the other.
   */
  async issueLink(accountId: string, purpose: LinkPurpose, token: string, expiresAt: Date, cap: { max: number; since: Date }): Promise<boolean> {
    const now = new Date();
    return this.prisma.$transaction(async (tx) => {
      await tx.$queryRaw`SELECT 1 FROM "Account" WHERE id = ${accountId}::uuid FOR UPDATE`;
      if ((await tx.accountInvitation.count({ where: { accountId, purpose, createdAt: { gte: cap.since } } })) >= cap.max) return false;
      await tx.accountInvitation.updateMany({ where: { accountId, purpose, usedAt: null, expiresAt: { gt: now } }, data: { expiresAt: now } });
      await tx.accountInvitation.create({ data: { accountId, purpose, tokenHash: linkTokenHash(token), expiresAt } });
      return true;
    });
  }

  link(token: string, purpose: LinkPurpose): Promise<LinkRecord | null> {
    return this.prisma.accountInvitation.findUnique({
      where: { tokenHash: linkTokenHash(token), purpose },
      select: { accountId: true, expiresAt: true, usedAt: true },
    });
  }

  /** Sets the password and revokes the account's other sessions; returns how many. */
  async changePassword(accountId: string, passwordHash: string, keepSessionId: string, bound: (tx: CredentialTransaction) => Promise<void>): Promise<number> {
    return this.prisma.$transaction(async (tx) => {
      await tx.account.update({ where: { id: accountId }, data: { passwordHash, passwordChangedAt: new Date() } });
      await bound(tx);
      return revokeSessionsOf(tx, accountId, keepSessionId);
    });
  }

  /**
   * Uses the link and sets the password of its (active) account, clears the
   * failure count and lock, revokes every session and expires the
   * account's other links of that purpose. Null when the link was used or expired
   * meanwhile (only one of two concurrent requests gets through).
   */
  async resetPassword(
    token: string,
    purpose: LinkPurpose,
    passwordHash: string,
    now: Date,
    bound: (tx: CredentialTransaction, accountId: string) => Promise<void>,
  ): Promise<{ accountId: string; revokedSessions: number } | null> {
    try {
      return await this.prisma.$transaction(async (tx) => {
        const link = await tx.accountInvitation.findUnique({ where: { tokenHash: linkTokenHash(token), purpose }, select: { id: true, accountId: true } });
        if (!link) throw new LinkNoLongerUsable();
        const used = await tx.accountInvitation.updateMany({ where: { id: link.id, usedAt: null, expiresAt: { gt: now } }, data: { usedAt: now } });
        const updated = await tx.account.updateMany({
          where: { id: link.accountId, status: 'ACTIVE' },
          data: { passwordHash, passwordChangedAt: now, failedLoginCount: 0, lockedUntil: null },
        });
        if (used.count !== 1 || updated.count !== 1) throw new LinkNoLongerUsable();
        await tx.accountInvitation.updateMany({ where: { accountId: link.accountId, purpose, usedAt: null, expiresAt: { gt: now } }, data: { expiresAt: now } });
        await bound(tx, link.accountId);
        return { accountId: link.accountId, revokedSessions: await revokeSessionsOf(tx, link.accountId) };
      });
    } catch (error) {
      if (error instanceof LinkNoLongerUsable) return null;
      throw error;
    }
  }
}

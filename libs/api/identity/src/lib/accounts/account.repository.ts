import { Inject, Injectable } from '@nestjs/common';
import { PRISMA, Prisma, PrismaClient } from '@passerelle/api/database';
import { Role } from '@passerelle/shared/contracts';
import { Account, Audience, audienceOfRole, NewAccount, normaliseEmail } from './account';

/** The Account columns an Account is read from (a Prisma row, or a raw row of the same columns). */
export type AccountColumns = Pick<
  Prisma.AccountGetPayload<object>,
  'id' | 'email' | 'audience' | 'role' | 'status' | 'displayName' | 'passwordHash' | 'totpSecretSealed' | 'totpEnabledAt' | 'totpLastStep' | 'failedLoginCount' | 'lockedUntil'
>;

export const toAccount = (row: AccountColumns): Account => ({
  id: row.id,
  email: row.email,
  audience: row.audience,
  role: row.role as Role,
  status: row.status,
  displayName: row.displayName,
  passwordHash: row.passwordHash,
  totpSecretSealed: row.totpSecretSealed,
  totpEnabledAt: row.totpEnabledAt,
  totpLastStep: row.totpLastStep,
  failedLoginCount: row.failedLoginCount,
  lockedUntil: row.lockedUntil,
});

export class EmailAlreadyUsed extends Error {}

@Injectable()
export class AccountRepository {
  constructor(@Inject(PRISMA) private readonly prisma: PrismaClient) {}

  async findById(id: string): Promise<Account | null> {
    const row = await this.prisma.account.findUnique({ where: { id } });
    return row ? toAccount(row) : null;
  }

  async findByEmail(email: string, audience: Audience): Promise<Account | null> {
    const row = await this.prisma.account.findUnique({ where: { email_audience: { email: normaliseEmail(email), audience } } });
    return row ? toAccount(row) : null;
  }

  async create(account: NewAccount): Promise<Account> {
    try {
      const row = await this.prisma.account.create({
        data: {
          email: normaliseEmail(account.email),
          audience: audienceOfRole(account.role),
          role: account.role,
          displayName: account.displayName,
          passwordHash: account.passwordHash,
          status: account.status ?? 'ACTIVE',
          totpSecretSealed: account.totpSecretSealed ?? null,
          totpEnabledAt: account.totpSecretSealed ? new Date() : null,
          passwordChangedAt: account.passwordHash ? new Date() : null,
        },
      });
      return toAccount(row);
    } catch (error) {
      if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') {
        throw new EmailAlreadyUsed(account.email);
      }
      throw error;
    }
  }

  /**
   * Counts a failed attempt in one statement (no lost update under parallel
   * attempts) and locks the account for `lockMs` once `threshold` is reached.
   */
  async recordFailure(id: string, threshold: number, lockMs: number): Promise<{ failedLoginCount: number; lockedUntil: Date | null }> {
    const row = await this.prisma.account.update({ where: { id }, data: { failedLoginCount: { increment: 1 } } });
    if (row.failedLoginCount % threshold === 0) {
      const locked = await this.prisma.account.update({ where: { id }, data: { lockedUntil: new Date(Date.now() + lockMs) } });
      return { failedLoginCount: locked.failedLoginCount, lockedUntil: locked.lockedUntil };
    }
    return { failedLoginCount: row.failedLoginCount, lockedUntil: row.lockedUntil };
  }

  async clearFailures(id: string): Promise<void> {
    await this.prisma.account.update({ where: { id }, data: { failedLoginCount: 0, lockedUntil: null } });
  }

  /** Accepts a TOTP step only if it is newer than the last one used (no replay, even in parallel). */
  async claimTotpStep(id: string, step: number): Promise<boolean> {
    const { count } = await this.prisma.account.updateMany({
      where: { id, OR: [{ totpLastStep: null }, { totpLastStep: { lt: step } }] },
      data: { totpLastStep: step },
    });
    return count === 1;
  }

  async setPendingTotpSecret(id: string, sealed: string): Promise<void> {
    await this.prisma.account.update({ where: { id }, data: { totpSecretSealed: sealed, totpEnabledAt: null, totpLastStep: null } });
  }

  /** Turns the second factor on and replaces the recovery codes, atomically. */
  async enableTotp(id: string, step: number, recoveryCodeHashes: string[]): Promise<void> {
    await this.prisma.$transaction([
      this.prisma.account.update({ where: { id }, data: { totpEnabledAt: new Date(), totpLastStep: step } }),
      this.prisma.recoveryCode.deleteMany({ where: { accountId: id } }),
      this.prisma.recoveryCode.createMany({ data: recoveryCodeHashes.map((codeHash) => ({ accountId: id, codeHash })) }),
    ]);
  }

  /** Uses a recovery code once: true only for the request that used it. */
  async consumeRecoveryCode(id: string, codeHash: string): Promise<boolean> {
    const { count } = await this.prisma.recoveryCode.updateMany({ where: { accountId: id, codeHash, usedAt: null }, data: { usedAt: new Date() } });
    return count === 1;
  }

  async setEmail(id: string, email: string): Promise<void> {
    try {
      await this.prisma.account.update({ where: { id }, data: { email: normaliseEmail(email) } });
    } catch (error) {
      if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') {
        throw new EmailAlreadyUsed(email);
      }
      throw error;
    }
  }

  async count(): Promise<number> {
    return this.prisma.account.count();
  }
}

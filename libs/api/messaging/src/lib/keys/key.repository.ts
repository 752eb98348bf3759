import { Inject, Injectable } from '@nestjs/common';
import type { CredentialTransaction } from '@passerelle/api/auth';
import { PRISMA, Prisma, PrismaClient } from '@passerelle/api/database';
import type { ProtectedPrivateKeyDto } from '@passerelle/shared/contracts';

export interface StoredAccountKey {
  accountId: string;
  publicKey: string;
  fingerprint: string;
  encryptionKeyIds: string[];
  protectedPrivateKey: ProtectedPrivateKeyDto;
  recoveryPrivateKey: ProtectedPrivateKeyDto | null;
  /** A password reset left protectedPrivateKey under an earlier password. */
  passwordResetAt: Date | null;
}

/** What a new key pair brings when it replaces one after a password reset. */
export type NewAccountKey = Omit<StoredAccountKey, 'passwordResetAt'>;

export interface StoredPracticeKey {
  practiceId: string;
  publicKey: string;
  fingerprint: string;
  encryptionKeyIds: string[];
}

/** Account and practice keys. Public keys and ciphertext only: nothing here can decrypt. */
@Injectable()
export class KeyRepository {
  constructor(@Inject(PRISMA) private readonly prisma: PrismaClient) {}

  async accountKey(accountId: string, db: CredentialTransaction = this.prisma): Promise<StoredAccountKey | null> {
    const row = await db.accountKey.findUnique({ where: { accountId } });
    return row ? toAccountKey(row) : null;
  }

  async accountKeys(accountIds: string[]): Promise<StoredAccountKey[]> {
    const rows = await this.prisma.accountKey.findMany({ where: { accountId: { in: accountIds } } });
    return rows.map(toAccountKey);
  }

  /** False when the account already has a key (a key is registered once; it is re-protected, never replaced). */
  async createAccountKey(key: NewAccountKey): Promise<boolean> {
    try {
      await this.prisma.accountKey.create({
        data: {
          accountId: key.accountId,
          publicKey: key.publicKey,
          fingerprint: key.fingerprint,
          encryptionKeyIds: key.encryptionKeyIds,
          protectedPrivateKey: key.protectedPrivateKey as unknown as Prisma.InputJsonValue,
          recoveryPrivateKey: key.recoveryPrivateKey ? (key.recoveryPrivateKey as unknown as Prisma.InputJsonValue) : Prisma.DbNull,
        },
      });
      return true;
    } catch (error) {
      if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') return false;
      throw error;
    }
  }

  /** Inside a password change: the same key (same fingerprint), protected by the new password. */
  async protectWithNewPassword(tx: CredentialTransaction, accountId: string, fingerprint: string, protectedPrivateKey: ProtectedPrivateKeyDto): Promise<void> {
    await tx.accountKey.updateMany({
      where: { accountId, fingerprint },
      data: { protectedPrivateKey: protectedPrivateKey as unknown as Prisma.InputJsonValue, passwordResetAt: null },
    });
  }

  /** Inside a password reset: the stored protection is under an earlier password. */
  async markPasswordReset(tx: CredentialTransaction, accountId: string, at: Date): Promise<void> {
    await tx.accountKey.updateMany({ where: { accountId }, data: { passwordResetAt: at } });
  }

  /** After a reset: the same key protected anew (by the browser, with the new password). False when no reset is pending. */
  async restoreAfterReset(accountId: string, protectedPrivateKey: ProtectedPrivateKeyDto, recoveryPrivateKey: ProtectedPrivateKeyDto | undefined): Promise<boolean> {
    const { count } = await this.prisma.accountKey.updateMany({
      where: { accountId, passwordResetAt: { not: null } },
      data: {
        protectedPrivateKey: protectedPrivateKey as unknown as Prisma.InputJsonValue,
        ...(recoveryPrivateKey ? { recoveryPrivateKey: recoveryPrivateKey as unknown as Prisma.InputJsonValue } : {}),
        passwordResetAt: null,
      },
    });
    return count === 1;
  }

  /**
   * After a reset, without a way to unlock the old key: the old pair is
   * retired (its public key still verifies what it signed), the new one takes
   * its place, and the account's practice key copy — encrypted to the old
   * key — is dropped so that a colleague shares it again. One transaction;
   * null when no reset is pending.
   */
  async replaceAfterReset(key: NewAccountKey): Promise<{ practiceKeyCopiesDropped: number } | null> {
    return this.prisma.$transaction(async (tx) => {
      const old = await tx.accountKey.findUnique({ where: { accountId: key.accountId } });
      if (!old?.passwordResetAt) return null;
      const replaced = await tx.accountKey.updateMany({
        where: { accountId: key.accountId, fingerprint: old.fingerprint, passwordResetAt: { not: null } },
        data: {
          publicKey: key.publicKey,
          fingerprint: key.fingerprint,
          encryptionKeyIds: key.encryptionKeyIds,
          protectedPrivateKey: key.protectedPrivateKey as unknown as Prisma.InputJsonValue,
          recoveryPrivateKey: key.recoveryPrivateKey ? (key.recoveryPrivateKey as unknown as Prisma.InputJsonValue) : Prisma.DbNull,
          passwordResetAt: null,
          createdAt: new Date(),
        },
      });
      if (replaced.count !== 1) return null;
      await tx.retiredAccountKey.create({
        data: {
          accountId: old.accountId,
          publicKey: old.publicKey,
          fingerprint: old.fingerprint,
          encryptionKeyIds: old.encryptionKeyIds,
          protectedPrivateKey: old.protectedPrivateKey as Prisma.InputJsonValue,
          recoveryPrivateKey: old.recoveryPrivateKey === null ? Prisma.DbNull : (old.recoveryPrivateKey as Prisma.InputJsonValue),
          createdAt: old.createdAt,
        },
      });
      const { count } = await tx.practiceKeyCopy.deleteMany({ where: { accountId: key.accountId } });
      return { practiceKeyCopiesDropped: count };
    });
  }

  /** Public keys the accounts sign with now or signed with before a reset (to verify old signatures). */
  async signingKeys(accountIds: string[]): Promise<{ accountId: string; publicKey: string }[]> {
    const [current, retired] = await Promise.all([
      this.prisma.accountKey.findMany({ where: { accountId: { in: accountIds } }, select: { accountId: true, publicKey: true } }),
      this.prisma.retiredAccountKey.findMany({ where: { accountId: { in: accountIds } }, select: { accountId: true, publicKey: true }, orderBy: { retiredAt: 'asc' } }),
    ]);
    return [...current, ...retired];
  }

  async practiceKey(practiceId: string): Promise<StoredPracticeKey | null> {
    return this.prisma.practiceKey.findUnique({
      where: { practiceId },
      select: { practiceId: true, publicKey: true, fingerprint: true, encryptionKeyIds: true },
    });
  }

  /** The key of the practice a practitioner works in, or null when it has none yet. */
  async practiceKeyOfPractitioner(practitionerId: string): Promise<StoredPracticeKey | null> {
    const row = await this.prisma.practitioner.findUnique({
      where: { id: practitionerId },
      select: { practice: { select: { practiceKey: { select: { practiceId: true, publicKey: true, fingerprint: true, encryptionKeyIds: true } } } } },
    });
    return row?.practice.practiceKey ?? null;
  }

  /** False when the practice already has a key. */
  async createPracticeKey(
    key: StoredPracticeKey,
    createdById: string,
    copies: { accountId: string; encryptedPrivateKey: Uint8Array }[],
  ): Promise<boolean> {
    try {
      await this.prisma.practiceKey.create({
        data: {
          ...key,
          createdById,
          copies: {
            create: copies.map((c) => ({
              accountId: c.accountId,
              encryptedPrivateKey: Buffer.from(c.encryptedPrivateKey),
              sharedById: createdById,
            })),
          },
        },
      });
      return true;
    } catch (error) {
      if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') return false;
      throw error;
    }
  }

  async addPracticeKeyCopies(
    practiceId: string,
    sharedById: string,
    copies: { accountId: string; encryptedPrivateKey: Uint8Array }[],
  ): Promise<void> {
    await this.prisma.practiceKeyCopy.createMany({
      data: copies.map((c) => ({
        practiceId,
        accountId: c.accountId,
        encryptedPrivateKey: Buffer.from(c.encryptedPrivateKey),
        sharedById,
      })),
      skipDuplicates: true,
    });
  }

  async practiceKeyCopy(practiceId: string, accountId: string): Promise<Uint8Array | null> {
    const row = await this.prisma.practiceKeyCopy.findUnique({
      where: { practiceId_accountId: { practiceId, accountId } },
      select: { encryptedPrivateKey: true },
    });
    return row ? new Uint8Array(row.encryptedPrivateKey) : null;
  }

  async practiceKeyHolders(practiceId: string): Promise<string[]> {
    const rows = await this.prisma.practiceKeyCopy.findMany({ where: { practiceId }, select: { accountId: true } });
    return rows.map((r) => r.accountId);
  }
}

function toAccountKey(row: {
  accountId: string;
  publicKey: string;
  fingerprint: string;
  encryptionKeyIds: string[];
  protectedPrivateKey: Prisma.JsonValue;
  recoveryPrivateKey: Prisma.JsonValue;
  passwordResetAt: Date | null;
}): StoredAccountKey {
  return {
    accountId: row.accountId,
    publicKey: row.publicKey,
    fingerprint: row.fingerprint,
    encryptionKeyIds: row.encryptionKeyIds,
    protectedPrivateKey: row.protectedPrivateKey as unknown as ProtectedPrivateKeyDto,
    recoveryPrivateKey: (row.recoveryPrivateKey ?? null) as unknown as ProtectedPrivateKeyDto | null,
    passwordResetAt: row.passwordResetAt,
  };
}

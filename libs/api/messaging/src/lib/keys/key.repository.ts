import { Inject, Injectable } from '@nestjs/common';
import { PRISMA, Prisma, PrismaClient } from '@passerelle/api/database';
import type { ProtectedPrivateKeyDto } from '@passerelle/shared/contracts';

export interface StoredAccountKey {
  accountId: string;
  publicKey: string;
  fingerprint: string;
  encryptionKeyIds: string[];
  protectedPrivateKey: ProtectedPrivateKeyDto;
  recoveryPrivateKey: ProtectedPrivateKeyDto | null;
}

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

  async accountKey(accountId: string): Promise<StoredAccountKey | null> {
    const row = await this.prisma.accountKey.findUnique({ where: { accountId } });
    return row ? toAccountKey(row) : null;
  }

  async accountKeys(accountIds: string[]): Promise<StoredAccountKey[]> {
    const rows = await this.prisma.accountKey.findMany({ where: { accountId: { in: accountIds } } });
    return rows.map(toAccountKey);
  }

  /** False when the account already has a key (a key is registered once; it is re-protected, never replaced). */
  async createAccountKey(key: StoredAccountKey): Promise<boolean> {
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

  async reprotectAccountKey(
    accountId: string,
    protectedPrivateKey: ProtectedPrivateKeyDto,
    recoveryPrivateKey: ProtectedPrivateKeyDto | undefined,
  ): Promise<void> {
    await this.prisma.accountKey.update({
      where: { accountId },
      data: {
        protectedPrivateKey: protectedPrivateKey as unknown as Prisma.InputJsonValue,
        ...(recoveryPrivateKey ? { recoveryPrivateKey: recoveryPrivateKey as unknown as Prisma.InputJsonValue } : {}),
      },
    });
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
}): StoredAccountKey {
  return {
    accountId: row.accountId,
    publicKey: row.publicKey,
    fingerprint: row.fingerprint,
    encryptionKeyIds: row.encryptionKeyIds,
    protectedPrivateKey: row.protectedPrivateKey as unknown as ProtectedPrivateKeyDto,
    recoveryPrivateKey: (row.recoveryPrivateKey ?? null) as unknown as ProtectedPrivateKeyDto | null,
  };
}

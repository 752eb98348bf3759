import { Inject, Injectable } from '@nestjs/common';
import { linkTokenHash } from '@passerelle/api/auth';
import { PRISMA, Prisma, PrismaClient } from '@passerelle/api/database';
import { normaliseEmail } from '@passerelle/api/identity';
import { REGULATOR_PROFESSION, SAS_IDENTIFIER_SYSTEMS } from '@passerelle/shared/contracts';
import { RegulatorIdentifier, RegulatorInput, RegulatorRecord } from './regulator';

type Row = Prisma.RegulatorGetPayload<{ include: { account: { select: { status: true } } } }>;
const include = { account: { select: { status: true } } } as const;

const toRecord = (r: Row): RegulatorRecord => ({
  id: r.id,
  accountId: r.accountId,
  givenName: r.givenName,
  familyName: r.familyName,
  email: r.email,
  profession: REGULATOR_PROFESSION,
  identifier: r.identifierSystem && r.identifierValue ? { system: r.identifierSystem, value: r.identifierValue } : null,
  active: r.active,
  accountStatus: r.account.status,
  source: r.source,
  createdAt: r.createdAt.toISOString(),
});

/** The account_invitation rows of this module (the table also holds password-reset links). */
const INVITATION = 'INVITATION' as const;

/** Thrown when another active regulator holds the identifier (the exclusion constraint decided). */
export class IdentifierTaken extends Error {}

/** The PRO account an e-mail belongs to, if any. */
export interface ProAccountOfEmail {
  id: string;
  role: string;
  status: 'INVITED' | 'ACTIVE' | 'DISABLED';
  hasPassword: boolean;
}

export interface InvitationRecord {
  accountId: string;
  expiresAt: Date;
  usedAt: Date | null;
  account: { email: string; displayName: string; status: 'INVITED' | 'ACTIVE' | 'DISABLED'; role: string };
}

const isExclusionViolation = (error: unknown): boolean => {
  const text = error instanceof Error ? `${error.message} ${JSON.stringify((error as { meta?: unknown }).meta ?? '')}` : '';
  return /23P01|Regulator_active_identifier|exclusion constraint/i.test(text);
};

/** Regulators, their login accounts and one-time links. */
@Injectable()
export class RegulatorRepository {
  constructor(@Inject(PRISMA) private readonly prisma: PrismaClient) {}

  async find(id: string): Promise<RegulatorRecord | null> {
    const row = await this.prisma.regulator.findUnique({ where: { id }, include });
    return row ? toRecord(row) : null;
  }

  /** Every regulator with this identifier, active or not (the conditional PUT looks at all). */
  async withIdentifier(identifier: RegulatorIdentifier): Promise<RegulatorRecord[]> {
    const rows = await this.prisma.regulator.findMany({ where: { identifierSystem: identifier.system, identifierValue: identifier.value }, include, orderBy: { createdAt: 'asc' } });
    return rows.map(toRecord);
  }

  async activeOfAccount(accountId: string): Promise<RegulatorRecord[]> {
    const rows = await this.prisma.regulator.findMany({ where: { accountId, active: true }, include, orderBy: { createdAt: 'asc' } });
    return rows.map(toRecord);
  }

  async list(): Promise<RegulatorRecord[]> {
    const rows = await this.prisma.regulator.findMany({ include, orderBy: [{ familyName: 'asc' }, { givenName: 'asc' }, { createdAt: 'asc' }] });
    return rows.map(toRecord);
  }

  async proAccountOfEmail(email: string): Promise<ProAccountOfEmail | null> {
    const row = await this.prisma.account.findUnique({ where: { email_audience: { email: normaliseEmail(email), audience: 'PRO' } }, select: { id: true, role: true, status: true, passwordHash: true } });
    return row ? { id: row.id, role: row.role, status: row.status, hasPassword: row.passwordHash !== null } : null;
  }

  async accountState(accountId: string): Promise<{ email: string; displayName: string; status: 'INVITED' | 'ACTIVE' | 'DISABLED'; hasPassword: boolean } | null> {
    const row = await this.prisma.account.findUnique({ where: { id: accountId }, select: { email: true, displayName: true, status: true, passwordHash: true } });
    return row ? { email: row.email, displayName: row.displayName, status: row.status, hasPassword: row.passwordHash !== null } : null;
  }

  /**
   * The regulator account of a Pro Santé Connect identity: an active
   * regulator whose IDNPS is PSC's national identifier (with or without
   * the "8"), else the regulator account of PSC's e-mail.
   */
  async accountOfPscIdentity(sub: string, email: string | null): Promise<string | null> {
    const values = /^8\d{11}$/.test(sub) ? [sub, sub.slice(1)] : [sub, `8${sub}`];
    const byIdentifier = await this.prisma.regulator.findFirst({
      where: { active: true, identifierSystem: SAS_IDENTIFIER_SYSTEMS.idnps, identifierValue: { in: values } },
      orderBy: { updatedAt: 'desc' },
      select: { accountId: true },
    });
    if (byIdentifier) return byIdentifier.accountId;
    if (!email) return null;
    const account = await this.prisma.account.findUnique({ where: { email_audience: { email: normaliseEmail(email), audience: 'PRO' } }, select: { id: true, role: true, regulators: { where: { active: true }, select: { id: true } } } });
    return account?.role === 'REGULATOR' && account.regulators.length > 0 ? account.id : null;
  }

  async regulatorCountOfAccount(accountId: string): Promise<number> {
    return this.prisma.regulator.count({ where: { accountId } });
  }

  /** A new login account for a regulator: no password until the one-time link is used. */
  async createAccount(email: string, displayName: string, status: 'INVITED' | 'DISABLED'): Promise<string> {
    const row = await this.prisma.account.create({ data: { email: normaliseEmail(email), audience: 'PRO', role: 'REGULATOR', displayName, status } });
    return row.id;
  }

  async setAccountEmail(accountId: string, email: string, displayName: string): Promise<void> {
    await this.prisma.account.update({ where: { id: accountId }, data: { email: normaliseEmail(email), displayName } });
  }

  async setAccountStatus(accountId: string, status: 'INVITED' | 'ACTIVE' | 'DISABLED'): Promise<void> {
    await this.prisma.account.update({ where: { id: accountId }, data: { status } });
  }

  async activeRegulatorCount(accountId: string): Promise<number> {
    return this.prisma.regulator.count({ where: { accountId, active: true } });
  }

  async insert(accountId: string, input: RegulatorInput): Promise<RegulatorRecord> {
    try {
      const row = await this.prisma.regulator.create({
        data: {
          accountId, identifierSystem: input.identifier?.system ?? null, identifierValue: input.identifier?.value ?? null, active: input.active,
          familyName: input.familyName, givenName: input.givenName, email: normaliseEmail(input.email), source: input.source,
        },
        include,
      });
      return toRecord(row);
    } catch (error) {
      if (isExclusionViolation(error)) throw new IdentifierTaken();
      throw error;
    }
  }

  async update(id: string, accountId: string, input: Omit<RegulatorInput, 'source'>): Promise<RegulatorRecord> {
    try {
      const row = await this.prisma.regulator.update({
        where: { id },
        data: {
          accountId, identifierSystem: input.identifier?.system ?? null, identifierValue: input.identifier?.value ?? null, active: input.active,
          familyName: input.familyName, givenName: input.givenName, email: normaliseEmail(input.email),
        },
        include,
      });
      return toRecord(row);
    } catch (error) {
      if (isExclusionViolation(error)) throw new IdentifierTaken();
      throw error;
    }
  }

  async hasLiveInvitation(accountId: string): Promise<boolean> {
    return (await this.prisma.accountInvitation.count({ where: { accountId, purpose: INVITATION, usedAt: null, expiresAt: { gt: new Date() } } })) > 0;
  }

  /** A new one-time link for the account; earlier unused links stop working. */
  async replaceInvitation(accountId: string, token: string, expiresAt: Date): Promise<void> {
    await this.prisma.$transaction([
      this.prisma.accountInvitation.deleteMany({ where: { accountId, purpose: INVITATION, usedAt: null } }),
      this.prisma.accountInvitation.create({ data: { accountId, purpose: INVITATION, tokenHash: linkTokenHash(token), expiresAt } }),
    ]);
  }

  async invitation(token: string): Promise<InvitationRecord | null> {
    const row = await this.prisma.accountInvitation.findUnique({
      where: { tokenHash: linkTokenHash(token), purpose: INVITATION },
      select: { accountId: true, expiresAt: true, usedAt: true, account: { select: { email: true, displayName: true, status: true, role: true } } },
    });
    return row;
  }

  /**
   * Uses the link and sets the password in one transaction: true only for
   * the one request that used it (a second, even concurrent, gets false).
   */
  async consumeInvitation(token: string, passwordHash: string, now: Date): Promise<string | null> {
    return this.prisma.$transaction(async (tx) => {
      const invitation = await tx.accountInvitation.findUnique({ where: { tokenHash: linkTokenHash(token), purpose: INVITATION }, select: { id: true, accountId: true } });
      if (!invitation) return null;
      const { count } = await tx.accountInvitation.updateMany({ where: { id: invitation.id, usedAt: null, expiresAt: { gt: now } }, data: { usedAt: now } });
      if (count !== 1) return null;
      const { count: activated } = await tx.account.updateMany({ where: { id: invitation.accountId, status: 'INVITED' }, data: { passwordHash, passwordChangedAt: now, status: 'ACTIVE' } });
      if (activated !== 1) throw new InvitationAccountNotInvited();
      return invitation.accountId;
    });
  }
}

export class InvitationAccountNotInvited extends Error {}

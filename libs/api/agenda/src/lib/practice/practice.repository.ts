import { Inject, Injectable } from '@nestjs/common';
import { PRISMA, Prisma, PrismaClient } from '@passerelle/api/database';
import { PracticeMemberView } from '@passerelle/shared/contracts';

/** Practice members (secretaries attached or detached) and the online-booking allow-list. */
@Injectable()
export class PracticeRepository {
  constructor(@Inject(PRISMA) private readonly prisma: PrismaClient) {}

  async members(practiceId: string): Promise<PracticeMemberView[]> {
    const rows = await this.prisma.practiceMembership.findMany({
      where: { practiceId, endedAt: null },
      include: { account: { select: { displayName: true, email: true, practitioner: { select: { id: true } } } } },
      orderBy: [{ role: 'asc' }, { since: 'asc' }],
    });
    return rows.map((m) => ({
      accountId: m.accountId,
      displayName: m.account.displayName,
      email: m.account.email,
      role: m.role,
      since: m.since.toISOString(),
      practitionerId: m.account.practitioner?.id ?? null,
    }));
  }

  async secretaryAccountByEmail(email: string): Promise<{ id: string; status: string } | null> {
    return this.prisma.account.findFirst({ where: { email: email.trim().toLowerCase(), audience: 'PRO', role: 'SECRETARY' }, select: { id: true, status: true } });
  }

  /** Attaches (or re-attaches) a secretary. */
  async attachSecretary(practiceId: string, accountId: string, addedById: string): Promise<void> {
    await this.prisma.practiceMembership.upsert({
      where: { practiceId_accountId: { practiceId, accountId } },
      create: { practiceId, accountId, role: 'SECRETARY', addedById },
      update: { endedAt: null, since: new Date(), addedById },
    });
  }

  /** Detaches a secretary; the membership row stays as history. Returns false when she was not attached. */
  async detachSecretary(practiceId: string, accountId: string): Promise<boolean> {
    const { count } = await this.prisma.practiceMembership.updateMany({ where: { practiceId, accountId, role: 'SECRETARY', endedAt: null }, data: { endedAt: new Date() } });
    return count === 1;
  }

  async allowList(practiceId: string): Promise<string[]> {
    return (await this.prisma.bookingAllowListEntry.findMany({ where: { practiceId }, orderBy: { email: 'asc' }, select: { email: true } })).map((e) => e.email);
  }

  async isAllowed(practiceId: string, email: string): Promise<boolean> {
    return (await this.prisma.bookingAllowListEntry.count({ where: { practiceId, email: email.trim().toLowerCase() } })) > 0;
  }

  async allow(practiceId: string, email: string, addedById: string): Promise<void> {
    try {
      await this.prisma.bookingAllowListEntry.create({ data: { practiceId, email: email.trim().toLowerCase(), addedById } });
    } catch (error) {
      if (!(error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002')) throw error;
    }
  }

  async disallow(practiceId: string, email: string): Promise<void> {
    await this.prisma.bookingAllowListEntry.deleteMany({ where: { practiceId, email: email.trim().toLowerCase() } });
  }

  async accountEmail(accountId: string): Promise<string | null> {
    return (await this.prisma.account.findUnique({ where: { id: accountId }, select: { email: true } }))?.email ?? null;
  }
}

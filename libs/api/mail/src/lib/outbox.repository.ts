import { Inject, Injectable } from '@nestjs/common';
import { PRISMA, PrismaClient } from '@passerelle/api/database';
import { OutboxEmailView } from '@passerelle/shared/contracts';
import { MailMessage } from './mail-message';

export interface ClaimedEmail extends MailMessage {
  id: string;
  attempts: number;
}

/** The OutboxEmail table: e-mails kept for an admin (no SMTP), or waiting for the SMTP worker. */
@Injectable()
export class OutboxRepository {
  constructor(@Inject(PRISMA) private readonly prisma: PrismaClient) {}

  async add(message: MailMessage, status: 'KEPT' | 'PENDING'): Promise<void> {
    await this.prisma.outboxEmail.create({ data: { to: message.to, subject: message.subject, text: message.text, html: message.html ?? null, status } });
  }

  /** The kept e-mails (no SMTP), newest first. */
  async list(limit: number, to?: string): Promise<OutboxEmailView[]> {
    const rows = await this.prisma.outboxEmail.findMany({
      where: { status: 'KEPT', ...(to ? { to: to.trim().toLowerCase() } : {}) },
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      take: limit,
    });
    return rows.map((r) => ({ id: r.id, to: r.to, subject: r.subject, text: r.text, html: r.html, createdAt: r.createdAt.toISOString() }));
  }

  /**
   * Claims due e-mails for `leaseMs`: FOR UPDATE SKIP LOCKED gives each to
   * one worker whatever the instance, and the lease moves its next attempt
   * past now, so a worker that dies leaves it to another.
   */
  async claimDue(limit: number, leaseMs: number): Promise<ClaimedEmail[]> {
    return this.prisma.$queryRaw<ClaimedEmail[]>`
      UPDATE "OutboxEmail" AS e
         SET "nextAttemptAt" = now() + ${leaseMs}::integer * interval '1 millisecond'
       WHERE e.id IN (
         SELECT c.id FROM "OutboxEmail" c
          WHERE c.status = 'PENDING' AND c."nextAttemptAt" <= now()
          ORDER BY c."createdAt", c.id
          LIMIT ${limit}::integer
          FOR UPDATE SKIP LOCKED)
      RETURNING e.id, e."to", e.subject, e.text, e.html, e.attempts`;
  }

  /** Sent: the text (which may hold a one-time link) is erased, the envelope kept. */
  async markSent(id: string): Promise<void> {
    await this.prisma.outboxEmail.update({ where: { id }, data: { status: 'SENT', sentAt: new Date(), attempts: { increment: 1 }, text: '', html: null, lastError: null } });
  }

  async markFailed(id: string, attempts: number, nextAttemptAt: Date, error: string): Promise<void> {
    await this.prisma.outboxEmail.update({ where: { id }, data: { attempts, nextAttemptAt, lastError: error.slice(0, 300) } });
  }

  async pendingCount(): Promise<number> {
    return this.prisma.outboxEmail.count({ where: { status: 'PENDING' } });
  }
}

import { Inject, Injectable } from '@nestjs/common';
import { PRISMA, PrismaClient } from '@passerelle/api/database';
import { OutboxEmailView } from '@passerelle/shared/contracts';
import { MailMessage } from './mail-message';

@Injectable()
export class OutboxRepository {
  constructor(@Inject(PRISMA) private readonly prisma: PrismaClient) {}

  async add(message: MailMessage): Promise<void> {
    await this.prisma.outboxEmail.create({ data: { to: message.to, subject: message.subject, text: message.text, html: message.html ?? null } });
  }

  /** Newest first. */
  async list(limit: number, to?: string): Promise<OutboxEmailView[]> {
    const rows = await this.prisma.outboxEmail.findMany({ where: to ? { to: to.trim().toLowerCase() } : {}, orderBy: [{ createdAt: 'desc' }, { id: 'desc' }], take: limit });
    return rows.map((r) => ({ id: r.id, to: r.to, subject: r.subject, text: r.text, html: r.html, createdAt: r.createdAt.toISOString() }));
  }
}

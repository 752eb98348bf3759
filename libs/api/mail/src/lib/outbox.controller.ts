import { Controller, Get, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Actor, AuditTrail } from '@passerelle/api/audit';
import { CurrentActor, Roles } from '@passerelle/api/auth';
import { OutboxEmailView, OutboxQuery } from '@passerelle/shared/contracts';
import { OutboxRepository } from './outbox.repository';

@ApiTags('admin')
@Roles('ADMIN')
@Controller('api/admin/outbox')
export class OutboxController {
  constructor(
    private readonly outbox: OutboxRepository,
    private readonly audit: AuditTrail,
  ) {}

  /** E-mails kept by the embedded transport, newest first (empty when SMTP delivers them). Reading it is audited. */
  @Get()
  async list(@Query() query: OutboxQuery, @CurrentActor() actor: Actor): Promise<OutboxEmailView[]> {
    const emails = await this.outbox.list(query.limit, query.to);
    await this.audit.record({ actor, action: 'mail.outbox-read', result: 'SUCCESS', details: { count: emails.length } });
    return emails;
  }
}

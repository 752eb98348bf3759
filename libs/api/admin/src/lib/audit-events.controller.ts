import { Controller, Get, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, IsUUID, Matches, Max, Min } from 'class-validator';
import { Actor, AuditEventView, AuditTrail } from '@passerelle/api/audit';
import { CurrentActor, Roles } from '@passerelle/api/auth';

export class AuditEventsQuery {
  @IsOptional() @Type(() => Number) @IsInt({ message: 'Nombre entier attendu.' }) @Min(1, { message: '1 au moins.' }) @Max(500, { message: '500 au plus.' })
  limit = 100;

  @IsOptional() @Matches(/^\d{1,19}$/, { message: 'Identifiant numérique attendu.' })
  before?: string;

  @IsOptional() @IsString() @Matches(/^[a-z.-]{1,80}$/, { message: 'Action inconnue.' })
  action?: string;

  @IsOptional() @IsUUID('all', { message: 'Identifiant de compte invalide.' })
  actorAccountId?: string;

  @IsOptional() @IsUUID('all', { message: 'Identifiant de patient invalide.' })
  patientId?: string;
}

@ApiTags('admin')
@Roles('ADMIN')
@Controller('api/admin')
export class AuditEventsController {
  constructor(private readonly audit: AuditTrail) {}

  /** The audit trail, newest first. Reading it is itself audited. */
  @Get('audit-events')
  async list(@Query() query: AuditEventsQuery, @CurrentActor() actor: Actor): Promise<AuditEventView[]> {
    const events = await this.audit.list({ limit: query.limit, beforeId: query.before, action: query.action, actorAccountId: query.actorAccountId, patientId: query.patientId });
    await this.audit.record({ actor, action: 'audit.read', result: 'SUCCESS', details: { count: events.length } });
    return events;
  }
}

import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Actor } from '@passerelle/api/audit';
import { CurrentActor, Roles } from '@passerelle/api/auth';
import { ValidationFailed } from '@passerelle/api/platform';
import { CreateRegulatorRequest, RegulatorView, SAS_IDENTIFIER_SYSTEMS } from '@passerelle/shared/contracts';
import { RegulatorAccounts } from './regulator-accounts.service';

const uuid = new ParseUUIDPipe({ exceptionFactory: () => new ValidationFailed('Identifiant de régulateur invalide.') });

@ApiTags('admin')
@Roles('ADMIN')
@Controller('api/admin/regulators')
export class AdminRegulatorsController {
  constructor(private readonly regulators: RegulatorAccounts) {}

  @Get()
  list(): Promise<RegulatorView[]> {
    return this.regulators.list();
  }

  /** Creates the account and mails the one-time link. */
  @Post()
  create(@Body() body: CreateRegulatorRequest, @CurrentActor() actor: Actor): Promise<RegulatorView> {
    const rpps = body.rpps ? (body.rpps.length === 12 ? body.rpps : `8${body.rpps}`) : null;
    return this.regulators.create(
      { givenName: body.givenName, familyName: body.familyName, email: body.email, active: true, source: 'ADMIN', identifier: rpps ? { system: SAS_IDENTIFIER_SYSTEMS.idnps, value: rpps } : null },
      actor,
    );
  }

  /** A new one-time link, e-mailed; the previous one stops working. */
  @Post(':id/invitation')
  @HttpCode(200)
  resendInvitation(@Param('id', uuid) id: string, @CurrentActor() actor: Actor): Promise<RegulatorView> {
    return this.regulators.resendInvitation(id, actor);
  }

  /** Immediate: the account's open sessions end with it. */
  @Post(':id/deactivate')
  @HttpCode(200)
  deactivate(@Param('id', uuid) id: string, @CurrentActor() actor: Actor): Promise<RegulatorView> {
    return this.regulators.deactivate(id, actor);
  }
}

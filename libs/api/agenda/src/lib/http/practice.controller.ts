import { Body, Controller, Delete, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Actor } from '@passerelle/api/audit';
import { CurrentActor, CurrentAuth, RequestAuth, Roles } from '@passerelle/api/auth';
import { AllowListEntryRequest, AttachSecretaryRequest, PracticeMemberView } from '@passerelle/shared/contracts';
import { PracticeTeam } from '../practice/practice-team.service';
import { uuid } from './params';

@ApiTags('practice')
@Controller('api/practice')
export class PracticeController {
  constructor(private readonly team: PracticeTeam) {}

  @Roles('PRACTITIONER', 'SECRETARY')
  @Get('members')
  members(@CurrentAuth() auth: RequestAuth): Promise<PracticeMemberView[]> {
    return this.team.members(auth.account);
  }

  /** Only a practitioner attaches or detaches secretaries. */
  @Roles('PRACTITIONER')
  @Post('secretaries')
  @HttpCode(201)
  attach(@Body() body: AttachSecretaryRequest, @CurrentAuth() auth: RequestAuth, @CurrentActor() actor: Actor): Promise<PracticeMemberView> {
    return this.team.attachSecretary(auth.account, actor, body.email);
  }

  @Roles('PRACTITIONER')
  @Delete('secretaries/:accountId')
  @HttpCode(204)
  detach(@Param('accountId', uuid('compte')) accountId: string, @CurrentAuth() auth: RequestAuth, @CurrentActor() actor: Actor): Promise<void> {
    return this.team.detachSecretary(auth.account, actor, accountId);
  }

  @Roles('PRACTITIONER', 'SECRETARY')
  @Get('allow-list')
  allowList(@CurrentAuth() auth: RequestAuth): Promise<string[]> {
    return this.team.allowList(auth.account);
  }

  @Roles('PRACTITIONER', 'SECRETARY')
  @Post('allow-list')
  @HttpCode(204)
  allow(@Body() body: AllowListEntryRequest, @CurrentAuth() auth: RequestAuth, @CurrentActor() actor: Actor): Promise<void> {
    return this.team.allow(auth.account, actor, body.email);
  }

  @Roles('PRACTITIONER', 'SECRETARY')
  @Delete('allow-list/:email')
  @HttpCode(204)
  disallow(@Param('email') email: string, @CurrentAuth() auth: RequestAuth, @CurrentActor() actor: Actor): Promise<void> {
    return this.team.disallow(auth.account, actor, email);
  }
}

import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Throttle } from '@nestjs/throttler';
import { Actor } from '@passerelle/api/audit';
import { CompletePasswordResetRequest, PasswordResetRequest, PasswordResetView } from '@passerelle/shared/contracts';
import { PasswordResets } from '../password-reset/password-resets.service';
import { CREDENTIAL_LIMIT } from './credential-limit';
import { CurrentActor, Public } from './request-auth';

@ApiTags('auth')
@Public()
@Throttle(CREDENTIAL_LIMIT)
@Controller('api/auth/password-reset')
export class PasswordResetController {
  constructor(private readonly resets: PasswordResets) {}

  /** 202 whatever the e-mail: the link goes out only if the account exists. */
  @Post()
  @HttpCode(202)
  request(@Body() body: PasswordResetRequest, @CurrentActor() actor: Actor): void {
    this.resets.request(body, actor);
  }

  /** Who the link is for and whether a second factor is needed (404 unknown, 410 used or expired). */
  @Get(':token')
  view(@Param('token') token: string, @CurrentActor() actor: Actor): Promise<PasswordResetView> {
    return this.resets.view(token, actor);
  }

  /** Sets the new password; every session ends (the person then logs in). */
  @Post(':token')
  @HttpCode(204)
  complete(@Param('token') token: string, @Body() body: CompletePasswordResetRequest, @CurrentActor() actor: Actor): Promise<void> {
    return this.resets.complete(token, body, actor);
  }
}

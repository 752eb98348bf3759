import { Body, Controller, Get, HttpCode, Param, Post, Req, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Throttle } from '@nestjs/throttler';
import type { Response } from 'express';
import { Actor } from '@passerelle/api/audit';
import { AuthenticatedRequest, clientOf, CurrentActor, Public, SessionService, setSessionCookies } from '@passerelle/api/auth';
import { AppConfig } from '@passerelle/api/config';
import { AcceptInvitationRequest, InvitationView, SessionView } from '@passerelle/shared/contracts';
import { Invitations } from './invitations.service';

/** Same budget as the other credential endpoints: the token must not be guessable by trying. */
const LINK_LIMIT = { default: { limit: 10, ttl: 60_000 } };

@ApiTags('auth')
@Public()
@Throttle(LINK_LIMIT)
@Controller('api/invitations')
export class InvitationsController {
  constructor(
    private readonly invitations: Invitations,
    private readonly config: AppConfig,
  ) {}

  /** Who the link is for (404 unknown, 410 used or expired). */
  @Get(':token')
  view(@Param('token') token: string): Promise<InvitationView> {
    return this.invitations.view(token);
  }

  /** Sets the password once; the session continues at the second-factor enrolment. */
  @Post(':token/accept')
  @HttpCode(200)
  async accept(@Param('token') token: string, @Body() body: AcceptInvitationRequest, @Req() request: AuthenticatedRequest, @CurrentActor() actor: Actor, @Res({ passthrough: true }) res: Response): Promise<SessionView> {
    const { account, issued } = await this.invitations.accept(token, body.password, actor, clientOf(request));
    setSessionCookies(res, issued, this.config.sessionCookieSecure);
    return SessionService.view(account, issued.session);
  }
}

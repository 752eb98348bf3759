import { Body, Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Actor } from '@passerelle/api/audit';
import { ActiveSessionView, ChangeEmailRequest, ChangePasswordRequest } from '@passerelle/shared/contracts';
import { AuthenticationService } from '../login/authentication.service';
import { SessionService } from '../sessions/session.service';
import { CurrentActor, CurrentAuth, RequestAuth } from './request-auth';

@ApiTags('account')
@Controller('api/account')
export class AccountController {
  constructor(
    private readonly authentication: AuthenticationService,
    private readonly sessions: SessionService,
  ) {}

  @Get('sessions')
  async list(@CurrentAuth() auth: RequestAuth): Promise<ActiveSessionView[]> {
    const sessions = await this.sessions.listActive(auth.account.id);
    return sessions.map((s) => ({
      id: s.id.slice(0, 12),
      createdAt: s.createdAt.toISOString(),
      lastSeenAt: s.lastSeenAt.toISOString(),
      ip: s.ip,
      userAgent: s.userAgent,
      current: s.id === auth.session.id,
    }));
  }

  @Post('password')
  @HttpCode(204)
  changePassword(@Body() body: ChangePasswordRequest, @CurrentAuth() auth: RequestAuth, @CurrentActor() actor: Actor): Promise<void> {
    return this.authentication.changePassword(auth.account, auth.session, body, actor);
  }

  @Post('email')
  @HttpCode(204)
  changeEmail(@Body() body: ChangeEmailRequest, @CurrentAuth() auth: RequestAuth, @CurrentActor() actor: Actor): Promise<void> {
    return this.authentication.changeEmail(auth.account, auth.session, body, actor);
  }
}

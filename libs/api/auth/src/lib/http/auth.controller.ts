import { Body, Controller, Get, HttpCode, Post, Req, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Throttle } from '@nestjs/throttler';
import type { Response } from 'express';
import { Actor } from '@passerelle/api/audit';
import { AppConfig } from '@passerelle/api/config';
import { Unauthenticated } from '@passerelle/api/platform';
import {
  LoginRequest,
  MfaCodeRequest,
  MfaEnrolmentResult,
  MfaEnrolmentStart,
  PatientRegistrationRequest,
  ReauthenticateRequest,
  SessionView,
} from '@passerelle/shared/contracts';
import { AuthenticationService } from '../login/authentication.service';
import { SessionService } from '../sessions/session.service';
import { CREDENTIAL_LIMIT } from './credential-limit';
import { clearSessionCookie, setSessionCookies } from './cookies';
import { AllowPendingMfa, AuthenticatedRequest, clientOf, CurrentActor, CurrentAuth, Public, RequestAuth } from './request-auth';


@ApiTags('auth')
@Controller('api/auth')
export class AuthController {
  constructor(
    private readonly authentication: AuthenticationService,
    private readonly sessions: SessionService,
    private readonly config: AppConfig,
  ) {}

  @Public()
  @Get('session')
  session(@Req() request: AuthenticatedRequest): SessionView {
    if (!request.auth) {
      throw new Unauthenticated();
    }
    return SessionService.view(request.auth.account, request.auth.session);
  }

  @Public()
  @Throttle(CREDENTIAL_LIMIT)
  @Post('login')
  @HttpCode(200)
  async login(@Body() body: LoginRequest, @Req() request: AuthenticatedRequest, @CurrentActor() actor: Actor, @Res({ passthrough: true }) res: Response): Promise<SessionView> {
    const { account, issued } = await this.authentication.login(body, actor, clientOf(request), request.auth?.session ?? null);
    setSessionCookies(res, issued, this.config.sessionCookieSecure);
    return SessionService.view(account, issued.session);
  }

  @AllowPendingMfa()
  @Throttle(CREDENTIAL_LIMIT)
  @Post('mfa/verify')
  @HttpCode(200)
  async verify(@Body() body: MfaCodeRequest, @CurrentAuth() auth: RequestAuth, @CurrentActor() actor: Actor, @Req() request: AuthenticatedRequest, @Res({ passthrough: true }) res: Response): Promise<SessionView> {
    const issued = await this.authentication.verifySecondFactor(auth.account, auth.session, body.code, actor, clientOf(request));
    setSessionCookies(res, issued, this.config.sessionCookieSecure);
    return SessionService.view(auth.account, issued.session);
  }

  @AllowPendingMfa()
  @Post('mfa/enrolment')
  @HttpCode(200)
  startEnrolment(@CurrentAuth() auth: RequestAuth, @CurrentActor() actor: Actor): Promise<MfaEnrolmentStart> {
    return this.authentication.startEnrolment(auth.account, auth.session, actor);
  }

  @AllowPendingMfa()
  @Throttle(CREDENTIAL_LIMIT)
  @Post('mfa/enrolment/confirm')
  @HttpCode(200)
  async confirmEnrolment(@Body() body: MfaCodeRequest, @CurrentAuth() auth: RequestAuth, @CurrentActor() actor: Actor, @Req() request: AuthenticatedRequest, @Res({ passthrough: true }) res: Response): Promise<MfaEnrolmentResult> {
    const { recoveryCodes, issued } = await this.authentication.confirmEnrolment(auth.account, auth.session, body.code, actor, clientOf(request));
    setSessionCookies(res, issued, this.config.sessionCookieSecure);
    return { recoveryCodes, session: SessionService.view({ ...auth.account, totpEnabledAt: new Date() }, issued.session) };
  }

  @Throttle(CREDENTIAL_LIMIT)
  @Post('reauthenticate')
  @HttpCode(204)
  reauthenticate(@Body() body: ReauthenticateRequest, @CurrentAuth() auth: RequestAuth, @CurrentActor() actor: Actor): Promise<void> {
    return this.authentication.reauthenticate(auth.account, auth.session, body, actor);
  }

  @AllowPendingMfa()
  @Post('logout')
  @HttpCode(204)
  async logout(@CurrentAuth() auth: RequestAuth, @CurrentActor() actor: Actor, @Res({ passthrough: true }) res: Response): Promise<void> {
    await this.authentication.logout(auth.session, actor);
    clearSessionCookie(res, this.config.sessionCookieSecure);
  }

  @Post('logout-everywhere')
  @HttpCode(204)
  async logoutEverywhere(@CurrentAuth() auth: RequestAuth, @CurrentActor() actor: Actor, @Res({ passthrough: true }) res: Response): Promise<void> {
    await this.authentication.logoutEverywhere(auth.account, actor);
    clearSessionCookie(res, this.config.sessionCookieSecure);
  }

  @Public()
  @Throttle(CREDENTIAL_LIMIT)
  @Post('register')
  @HttpCode(201)
  async register(@Body() body: PatientRegistrationRequest, @Req() request: AuthenticatedRequest, @CurrentActor() actor: Actor, @Res({ passthrough: true }) res: Response): Promise<SessionView> {
    const { account, issued } = await this.authentication.registerPatient(body, actor, clientOf(request));
    setSessionCookies(res, issued, this.config.sessionCookieSecure);
    return SessionService.view(account, issued.session);
  }
}

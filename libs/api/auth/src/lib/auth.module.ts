import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { ThrottlerModule } from '@nestjs/throttler';
import { IdentityModule } from '@passerelle/api/identity';
import { AccessPolicy } from './access/access-policy';
import { CsrfGuard } from './guards/csrf.guard';
import { SessionGuard } from './guards/session.guard';
import { EventThrottle, THROTTLE } from './guards/event-throttle';
import { AuditedThrottlerGuard } from './guards/throttle.guard';
import { AccountController } from './http/account.controller';
import { AuthController } from './http/auth.controller';
import { AuthenticationService } from './login/authentication.service';
import { SessionRepository } from './sessions/session.repository';
import { SessionService } from './sessions/session.service';

/**
 * Sessions, login, second factor, CSRF, throttling and authorization. Guards
 * run in this order on every HTTP request: throttle (per IP), session and
 * roles, CSRF. Socket.io events are throttled by EventThrottle (per account).
 */
@Module({
  imports: [IdentityModule, ThrottlerModule.forRoot([{ ...THROTTLE }])],
  controllers: [AuthController, AccountController],
  providers: [
    SessionRepository,
    SessionService,
    AuthenticationService,
    AccessPolicy,
    EventThrottle,
    { provide: APP_GUARD, useClass: AuditedThrottlerGuard },
    { provide: APP_GUARD, useClass: SessionGuard },
    { provide: APP_GUARD, useClass: CsrfGuard },
  ],
  exports: [AccessPolicy, SessionService, EventThrottle],
})
export class AuthModule {}

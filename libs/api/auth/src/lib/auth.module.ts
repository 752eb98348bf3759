import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { ThrottlerModule } from '@nestjs/throttler';
import { IdentityModule } from '@passerelle/api/identity';
import { AccessPolicy } from './access/access-policy';
import { CsrfGuard } from './guards/csrf.guard';
import { SessionGuard } from './guards/session.guard';
import { AuditedThrottlerGuard } from './guards/throttle.guard';
import { CredentialAttempts } from './credentials/credential-attempts';
import { CredentialRepository } from './credentials/credential.repository';
import { PasswordBoundKeys } from './credentials/password-bound-key';
import { AccountController } from './http/account.controller';
import { AuthController } from './http/auth.controller';
import { PasswordResetController } from './http/password-reset.controller';
import { AuthenticationService } from './login/authentication.service';
import { PasswordResets } from './password-reset/password-resets.service';
import { SessionRepository } from './sessions/session.repository';
import { SessionService } from './sessions/session.service';

/**
 * Sessions, login, second factor, password change and reset, CSRF,
 * throttling and authorization. Guards run in this order on every HTTP
 * request: throttle (per IP), session and roles, CSRF. Reset links go out
 * through the app's MailTransport (provided globally by MailModule).
 */
@Module({
  imports: [IdentityModule, ThrottlerModule.forRoot([{ name: 'default', ttl: 60_000, limit: 600 }])],
  controllers: [AuthController, AccountController, PasswordResetController],
  providers: [
    SessionRepository,
    SessionService,
    CredentialRepository,
    CredentialAttempts,
    PasswordBoundKeys,
    AuthenticationService,
    PasswordResets,
    AccessPolicy,
    { provide: APP_GUARD, useClass: AuditedThrottlerGuard },
    { provide: APP_GUARD, useClass: SessionGuard },
    { provide: APP_GUARD, useClass: CsrfGuard },
  ],
  exports: [AccessPolicy, SessionService, PasswordBoundKeys],
})
export class AuthModule {}

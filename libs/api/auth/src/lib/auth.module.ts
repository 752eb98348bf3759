import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { ThrottlerStorageRedisService } from '@nest-lab/throttler-storage-redis';
import { ThrottlerModule } from '@nestjs/throttler';
import type Redis from 'ioredis';
import { IdentityModule } from '@passerelle/api/identity';
import { OperationsModule, REDIS } from '@passerelle/api/platform';
import { AccessPolicy } from './access/access-policy';
import { CsrfGuard } from './guards/csrf.guard';
import { SessionGuard } from './guards/session.guard';
import { SharedThrottlerStorage } from './guards/shared-throttler-storage';
import { EventThrottle, THROTTLE } from './guards/event-throttle';
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
import { SessionRevocations } from './sessions/session-revocations';
import { SessionService } from './sessions/session.service';

/**
 * Sessions, login, second factor, password change and reset, CSRF,
 * throttling and authorization. Guards run in this order on every HTTP
 * request: throttle (per IP), session and roles, CSRF. Sessions, lockout
 * counters and used TOTP steps live in PostgreSQL; the throttling counters
 * in Redis when REDIS_URL is set (so they count across instances), else in
 * this process's memory; socket.io events are throttled by EventThrottle
 * (per account, same storage). Reset links go out through the app's MailTransport
 * (provided globally by MailModule).
 */
@Module({
  imports: [
    IdentityModule,
    ThrottlerModule.forRootAsync({
      imports: [OperationsModule],
      inject: [REDIS],
      useFactory: (redis: Redis | null) => ({
        throttlers: [{ ...THROTTLE }],
        ...(redis ? { storage: new SharedThrottlerStorage(new ThrottlerStorageRedisService(redis)) } : {}),
      }),
    }),
  ],
  controllers: [AuthController, AccountController, PasswordResetController],
  providers: [
    SessionRepository,
    SessionService,
    SessionRevocations,
    CredentialRepository,
    CredentialAttempts,
    PasswordBoundKeys,
    AuthenticationService,
    PasswordResets,
    AccessPolicy,
    EventThrottle,
    { provide: APP_GUARD, useClass: AuditedThrottlerGuard },
    { provide: APP_GUARD, useClass: SessionGuard },
    { provide: APP_GUARD, useClass: CsrfGuard },
  ],
  exports: [AccessPolicy, SessionService, SessionRevocations, PasswordBoundKeys, EventThrottle],
})
export class AuthModule {}

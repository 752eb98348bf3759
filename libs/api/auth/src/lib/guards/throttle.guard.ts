import { ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import {
  InjectThrottlerOptions,
  InjectThrottlerStorage,
  ThrottlerGuard,
  ThrottlerLimitDetail,
  ThrottlerModuleOptions,
  ThrottlerStorage,
} from '@nestjs/throttler';
import { AuditTrail } from '@passerelle/api/audit';
import { TooManyRequests } from '@passerelle/api/platform';
import { actorOf, AuthenticatedRequest } from '../http/request-auth';

/**
 * @nestjs/throttler per client IP (the library sets Retry-After), with each
 * refusal written to the audit trail and answered in our error format.
 * HTTP only: socket.io events have no client IP here and are counted per
 * account by EventThrottle, in the gateway.
 */
@Injectable()
export class AuditedThrottlerGuard extends ThrottlerGuard {
  constructor(
    @InjectThrottlerOptions() options: ThrottlerModuleOptions,
    @InjectThrottlerStorage() storage: ThrottlerStorage,
    reflector: Reflector,
    private readonly audit: AuditTrail,
  ) {
    super(options, storage, reflector);
  }

  protected override async shouldSkip(context: ExecutionContext): Promise<boolean> {
    return context.getType() !== 'http';
  }

  protected override async throwThrottlingException(context: ExecutionContext, detail: ThrottlerLimitDetail): Promise<void> {
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    await this.audit.record({ actor: actorOf(request), action: 'access.throttled', result: 'DENIED', details: { route: `${request.method} ${request.path}` } });
    throw new TooManyRequests(Math.max(1, Math.ceil(detail.timeToBlockExpire || detail.timeToExpire || 1)));
  }
}

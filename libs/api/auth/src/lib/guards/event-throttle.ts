import { Injectable } from '@nestjs/common';
import { InjectThrottlerStorage, ThrottlerStorage } from '@nestjs/throttler';
import { Actor, AuditTrail } from '@passerelle/api/audit';
import { TooManyRequests } from '@passerelle/api/platform';

/** The throttle's one rule, for HTTP requests (per client IP) and socket.io events (per account). */
export const THROTTLE = { name: 'default', ttl: 60_000, limit: 600 } as const;

/**
 * The same rule for socket.io events, per account and event, with the same
 * storage as @nestjs/throttler's guard. The guard cannot do it: on a socket
 * it has no client IP (every socket of the server would share one count)
 * and a refusal must answer the event's acknowledgement, which only the
 * gateway can do. Each refusal is written to the audit trail.
 */
@Injectable()
export class EventThrottle {
  constructor(
    @InjectThrottlerStorage() private readonly storage: ThrottlerStorage,
    private readonly audit: AuditTrail,
  ) {}

  /** Counts one event of this account; throws TooManyRequests (audited) past the limit. */
  async count(actor: Actor & { accountId: string }, event: string): Promise<void> {
    const { isBlocked, timeToBlockExpire, timeToExpire } = await this.storage.increment(
      `socket:${event}:${actor.accountId}`,
      THROTTLE.ttl,
      THROTTLE.limit,
      THROTTLE.ttl,
      THROTTLE.name,
    );
    if (!isBlocked) return;
    await this.audit.record({ actor, action: 'access.throttled', result: 'DENIED', details: { route: `socket ${event}` } });
    throw new TooManyRequests(Math.max(1, Math.ceil(timeToBlockExpire || timeToExpire || 1)));
  }
}

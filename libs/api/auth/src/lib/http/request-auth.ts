import { createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import type { Request } from 'express';
import { Actor } from '@passerelle/api/audit';
import { Account } from '@passerelle/api/identity';
import { IS_PUBLIC, Public, Unauthenticated } from '@passerelle/api/platform';
import { Role } from '@passerelle/shared/contracts';
import { SessionRecord } from '../sessions/session';

export interface RequestAuth {
  session: SessionRecord;
  account: Account;
}

export type AuthenticatedRequest = Request & { auth?: RequestAuth; id?: string | number };

/** Who is acting and from where, for the audit trail. */
export function actorOf(request: AuthenticatedRequest): Actor {
  return {
    accountId: request.auth?.account.id ?? null,
    role: request.auth?.account.role ?? null,
    ip: request.ip ?? null,
    requestId: request.id !== undefined ? String(request.id) : null,
  };
}

export const clientOf = (request: Request) => ({ ip: request.ip ?? null, userAgent: request.get('user-agent') ?? null });

export { IS_PUBLIC, Public };
export const ALLOW_PENDING_MFA = 'passerelle:allow-pending-mfa';
export const ROLES_KEY = 'passerelle:roles';

/** Reachable between the password and the second factor (code entry, enrolment, logout). */
export const AllowPendingMfa = () => SetMetadata(ALLOW_PENDING_MFA, true);
/** Only these roles; "qui peut le plus peut le moins" is spelled out by listing both practice roles. */
export const Roles = (...roles: Role[]) => SetMetadata(ROLES_KEY, roles);

export const CurrentActor = createParamDecorator((_: unknown, ctx: ExecutionContext): Actor => actorOf(ctx.switchToHttp().getRequest()));

/** The signed-in account and session; the guards guarantee them on non-public routes. */
export const CurrentAuth = createParamDecorator((_: unknown, ctx: ExecutionContext): RequestAuth => {
  const auth = ctx.switchToHttp().getRequest<AuthenticatedRequest>().auth;
  if (!auth) {
    throw new Unauthenticated();
  }
  return auth;
});

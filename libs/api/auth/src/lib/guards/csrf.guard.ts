import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { timingSafeEqual } from 'node:crypto';
import { AuditTrail } from '@passerelle/api/audit';
import { Reflector } from '@nestjs/core';
import { CERTIFICATE_CLIENT, Forbidden } from '@passerelle/api/platform';
import { API_ERROR_CODES, CSRF_COOKIE, CSRF_HEADER } from '@passerelle/shared/contracts';
import { actorOf, AuthenticatedRequest } from '../http/request-auth';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

const same = (a: string, b: string) => a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));

/**
 * CSRF on every state-changing request: the X-XSRF-TOKEN header must echo
 * the XSRF-TOKEN cookie (double submit, which Angular's HttpClient does by
 * itself) and, once logged in, equal the token stored in the server-side
 * session (so a planted cookie is useless). Hand-written because it is ten
 * lines bound to our own session store; SameSite=Strict is a second layer.
 */
@Injectable()
export class CsrfGuard implements CanActivate {
  constructor(
    private readonly audit: AuditTrail,
    private readonly reflector: Reflector,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') {
      return true;
    }
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    if (SAFE_METHODS.has(request.method) || this.reflector.getAllAndOverride<boolean>(CERTIFICATE_CLIENT, [context.getHandler(), context.getClass()])) {
      return true;
    }
    const header = request.get(CSRF_HEADER) ?? '';
    const cookie: string = request.cookies?.[CSRF_COOKIE] ?? '';
    const expected = request.auth?.session.csrfToken ?? cookie;
    if (!header || !cookie || !same(header, cookie) || !same(header, expected)) {
      await this.audit.record({ actor: actorOf(request), action: 'access.csrf-refused', result: 'DENIED', details: { route: `${request.method} ${request.path}` } });
      throw new Forbidden('Jeton de sécurité absent ou invalide : rechargez la page et réessayez.', API_ERROR_CODES.csrf);
    }
    return true;
  }
}

import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Response } from 'express';
import { randomBytes } from 'node:crypto';
import { AppConfig } from '@passerelle/api/config';
import { AuditTrail } from '@passerelle/api/audit';
import { Forbidden, Unauthenticated } from '@passerelle/api/platform';
import { API_ERROR_CODES, CSRF_COOKIE, Role, SESSION_COOKIE } from '@passerelle/shared/contracts';
import { SessionService } from '../sessions/session.service';
import { setCsrfCookie } from '../http/cookies';
import { actorOf, ALLOW_PENDING_MFA, AuthenticatedRequest, IS_PUBLIC, ROLES_KEY } from '../http/request-auth';

/**
 * The one place that decides who is calling and what role may pass: resumes
 * the session from its cookie, requires a completed second factor where it
 * is due, checks @Roles, and writes every refusal to the audit trail.
 * Record-level checks ("this patient") are AccessPolicy's.
 */
@Injectable()
export class SessionGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly sessions: SessionService,
    private readonly audit: AuditTrail,
    private readonly config: AppConfig,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') {
      return true;
    }
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const response = context.switchToHttp().getResponse<Response>();
    const token: string | undefined = request.cookies?.[SESSION_COOKIE];
    const resumed = await this.sessions.resume(token);
    const session = resumed?.session;
    if (session && resumed.account.status === 'ACTIVE') {
      request.auth = { session, account: resumed.account };
      if (request.cookies?.[CSRF_COOKIE] !== session.csrfToken) {
        setCsrfCookie(response, session.csrfToken, this.config.sessionCookieSecure);
      }
    } else if (!request.cookies?.[CSRF_COOKIE]) {
      setCsrfCookie(response, randomBytes(32).toString('base64url'), this.config.sessionCookieSecure);
    }

    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) {
      return true;
    }
    const route = `${request.method} ${request.route?.path ?? request.path}`;
    if (!request.auth) {
      await this.audit.record({ actor: actorOf(request), action: 'access.unauthenticated', result: 'DENIED', details: { route } });
      throw new Unauthenticated(token ? 'Votre session a expiré, veuillez vous reconnecter.' : 'Veuillez vous connecter.');
    }
    const stage = SessionService.stageOf(request.auth.account, request.auth.session);
    if (stage !== 'authenticated' && !this.reflector.getAllAndOverride<boolean>(ALLOW_PENDING_MFA, targets)) {
      await this.audit.record({ actor: actorOf(request), action: 'access.second-factor-missing', result: 'DENIED', details: { route } });
      throw stage === 'mfa-required'
        ? new Unauthenticated('Saisissez le code de votre application d’authentification.', API_ERROR_CODES.mfaRequired)
        : new Unauthenticated('Activez la double authentification pour continuer.', API_ERROR_CODES.mfaEnrolmentRequired);
    }
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, targets);
    if (roles && !roles.includes(request.auth.account.role)) {
      await this.audit.record({ actor: actorOf(request), action: 'access.role-refused', result: 'DENIED', details: { route } });
      throw new Forbidden("Votre profil ne permet pas d'accéder à cette fonction.");
    }
    // SAS rule: regulator privileges exist only when the regulator entered from the national platform (origin=sas).
    if (roles && request.auth.account.role === 'REGULATOR' && !request.auth.session.sasOriginAt) {
      await this.audit.record({ actor: actorOf(request), action: 'access.sas-origin-missing', result: 'DENIED', details: { route } });
      throw new Forbidden('Les fonctions de régulation s’ouvrent depuis la plateforme numérique du SAS : passez par le lien d’un créneau (origin=sas).', API_ERROR_CODES.sasOriginRequired);
    }
    return true;
  }
}

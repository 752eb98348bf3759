import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { AuditTrail } from '@passerelle/api/audit';
import { actorOf, AuthenticatedRequest } from '@passerelle/api/auth';
import { AppConfig } from '@passerelle/api/config';
import { Forbidden, Unauthenticated } from '@passerelle/api/platform';
import { checkPlatformCertificate } from './platform-certificate';

const header = (request: AuthenticatedRequest, name: string): string | undefined => {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
};

/**
 * Only the national SAS platform reaches /fhir: mutual TLS is terminated in
 * front of the API (README "SAS platform and mutual TLS"), which passes the
 * verified certificate's subject in trusted headers; this guard checks them
 * and answers 401/403 (an OperationOutcome) otherwise.
 */
@Injectable()
export class PlatformCertificateGuard implements CanActivate {
  constructor(
    private readonly config: AppConfig,
    private readonly audit: AuditTrail,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const { clientCn, clientOu, dnHeader, verifyHeader } = this.config.sas;
    const check = checkPlatformCertificate(header(request, verifyHeader), header(request, dnHeader), { cn: clientCn, ou: clientOu });
    if (check.ok) return true;
    await this.audit.record({
      actor: actorOf(request),
      action: 'sas.certificate-refused',
      result: 'DENIED',
      details: { route: `${request.method} ${request.path}`, reason: check.reason },
    });
    if (check.status === 401) throw new Unauthenticated('Certificat client de la plateforme SAS absent.');
    throw new Forbidden(check.reason === 'not-configured' ? 'L’interface SAS n’est pas configurée sur ce serveur.' : 'Certificat client non reconnu pour la plateforme SAS.');
  }
}

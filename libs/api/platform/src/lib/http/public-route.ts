import { SetMetadata } from '@nestjs/common';

export const IS_PUBLIC = 'passerelle:public';
/** No session needed (login, registration, health). Read by the auth library's SessionGuard. */
export const Public = () => SetMetadata(IS_PUBLIC, true);

export const CERTIFICATE_CLIENT = 'passerelle:certificate-client';
/**
 * Called by another system that authenticates with its TLS client
 * certificate and sends no cookies (the national SAS platform): no CSRF
 * token applies. The route's own guard checks the certificate.
 */
export const CertificateClient = () => SetMetadata(CERTIFICATE_CLIENT, true);

export * from './lib/auth.module';
export * from './lib/access/access-policy';
export * from './lib/http/request-auth';
export * from './lib/sessions/session';
export * from './lib/sessions/session.service';
export { LOCK_THRESHOLD, LOCK_DURATION_MS } from './lib/credentials/credential-attempts';
export { PasswordBoundKeys, type PasswordBoundKey, type CredentialTransaction } from './lib/credentials/password-bound-key';
export { newLinkToken, linkTokenHash, isLinkToken, LinkGone } from './lib/links/one-time-links';
export { setSessionCookies } from './lib/http/cookies';

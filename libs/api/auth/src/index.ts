export * from './lib/auth.module';
export * from './lib/access/access-policy';
export { EventThrottle } from './lib/guards/event-throttle';
export * from './lib/http/request-auth';
export * from './lib/sessions/session';
export * from './lib/sessions/session.service';
export { LOCK_THRESHOLD, LOCK_DURATION_MS } from './lib/login/authentication.service';
export { setSessionCookies } from './lib/http/cookies';

export * from './lib/navigation/web-routes';
export * from './lib/errors/api-error';
export * from './lib/http/auth-api';
export * from './lib/http/account-api';
export * from './lib/session/session-store';
export * from './lib/session/login-secret';
export * from './lib/session/session-guards';
export * from './lib/session/session-expiry.interceptor';

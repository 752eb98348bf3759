export * from './lib/auth.routes';
/** Reused by the messaging key recovery (the password that will protect the key must be the account's). */
export { ReauthenticationForm } from './lib/account-security/reauthentication-form';

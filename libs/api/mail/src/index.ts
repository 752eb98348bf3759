export * from './lib/mail.module';
export * from './lib/mail-message';
export { MailDispatcher } from './lib/mail-dispatcher';

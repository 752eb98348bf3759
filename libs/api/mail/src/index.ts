export * from './lib/mail.module';
export * from './lib/mail-message';

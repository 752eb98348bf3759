export * from './lib/errors/domain-errors';
export * from './lib/http/http-error.filter';
export * from './lib/http/validation';
export * from './lib/logging/logging';
export * from './lib/platform.module';
export * from './lib/http/public-route';
export * from './lib/mail/mail-transport';

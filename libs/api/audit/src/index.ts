export * from './lib/api-audit.module';

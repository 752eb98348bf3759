export * from './lib/api-agenda.module';

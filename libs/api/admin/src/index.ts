export * from './lib/admin.module';

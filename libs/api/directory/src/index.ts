export * from './lib/api-directory.module';

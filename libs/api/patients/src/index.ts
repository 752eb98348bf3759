export * from './lib/patients.module';

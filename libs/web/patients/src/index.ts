export * from './lib/patients.routes';

export * from './lib/directory.routes';
export * from './lib/specialties';

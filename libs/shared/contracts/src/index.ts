export * from './lib/roles/roles';
export * from './lib/errors/api-error';
export * from './lib/auth/csrf';
export * from './lib/auth/auth.dto';
export * from './lib/auth/routes';
export * from './lib/identity/patient';
export * from './lib/agenda/agenda.types';

export * from './lib/forms/api-error-message';
export * from './lib/forms/form-feedback';
export * from './lib/time/paris-time';

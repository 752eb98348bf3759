export * from './lib/forms/api-error-message';
export * from './lib/forms/form-feedback';
export * from './lib/forms/form-field';
export * from './lib/time/paris-time';

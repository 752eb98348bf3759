export * from './lib/directory.routes';

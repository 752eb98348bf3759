export * from './lib/messaging.routes';
export { MESSAGING_PAGES } from './lib/messaging-paths';

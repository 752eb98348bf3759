export * from './lib/messaging.routes';
export { MESSAGING_PAGES } from './lib/messaging-paths';
export { checkFile, type CheckedFile } from './lib/thread/file-check';
/** The keyring and file decryption, with OpenPGP: loaded when first needed, never with the app. */
export const loadMessagingCrypto = () => import('./lib/encrypted-files');

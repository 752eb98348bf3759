export * from './lib/messaging.routes';
export { MESSAGING_PAGES } from './lib/messaging-paths';
/** The practice's messaging settings, a section of "Paramètres du cabinet" (lazy: its code loads on first visit). */
export const loadMessagingSettingsPage = () => import('./lib/settings/messaging-settings-page').then((m) => m.MessagingSettingsPage);
export { checkFile, type CheckedFile } from './lib/thread/file-check';
/** The keyring and file decryption, with OpenPGP: loaded when first needed, never with the app. */
export const loadMessagingCrypto = () => import('./lib/encrypted-files');

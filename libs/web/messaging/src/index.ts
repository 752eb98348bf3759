export * from './lib/messaging.routes';
export { MESSAGING_PAGES } from './lib/messaging-paths';
/** The practice's messaging settings, a section of "Paramètres du cabinet" (lazy: its code loads on first visit). */
export const loadMessagingSettingsPage = () => import('./lib/settings/messaging-settings-page').then((m) => m.MessagingSettingsPage);

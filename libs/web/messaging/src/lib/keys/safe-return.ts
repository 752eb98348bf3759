import { MESSAGING_PAGES } from '../messaging-paths';

/** Only this app's own pages: never another origin, never back to a key page (no loop). */
export function safeReturn(url: unknown): string | null {
  return typeof url === 'string' &&
    url.startsWith('/') &&
    !url.startsWith('//') &&
    !url.startsWith(MESSAGING_PAGES.unlock) &&
    !url.startsWith(MESSAGING_PAGES.keyRecovery)
    ? url
    : null;
}

/** Where messaging starts for this role. */
export const messagingHome = (role: string): string => (role === 'PATIENT' ? MESSAGING_PAGES.patientThreads : MESSAGING_PAGES.practiceInbox);

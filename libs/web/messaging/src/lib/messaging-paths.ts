import { WEB_ROUTES } from '@passerelle/web/core';

/** The messaging pages' URLs, in French. */
export const MESSAGING_PAGES = {
  /** Patient: my threads. */
  patientThreads: WEB_ROUTES.messages,
  patientPractitioners: WEB_ROUTES.messagingPractitioners,
  /** Patient: the threads they archived. */
  patientArchive: WEB_ROUTES.messagesArchive,
  /** Patient: download all their threads, decrypted in the browser. */
  patientExport: WEB_ROUTES.messagesExport,
  /** Patient: /messagerie/conversation/:id */
  patientThread: '/messagerie/conversation',
  unlock: '/messagerie/deverrouiller',
  recoveryKit: '/messagerie/kit-de-secours',
  /** After a password reset: restore the key (recovery kit, old password) or replace it. */
  keyRecovery: '/messagerie/retablir',
  /** Practice: the shared inbox. */
  practiceInbox: WEB_ROUTES.practiceMessages,
} as const;

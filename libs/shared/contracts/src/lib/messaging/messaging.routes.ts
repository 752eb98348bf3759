export const MESSAGING_ROUTES = {
  myKey: '/api/messaging/keys/me',
  /** After a password reset only: the same key, protected anew (recovery kit or old password). */
  myKeyProtection: '/api/messaging/keys/me/protection',
  /** After a password reset only: a new key pair replaces the one nobody can unlock any more. */
  myKeyReplacement: '/api/messaging/keys/me/replacement',
  practiceKey: '/api/messaging/practice-key',
  practiceKeyCopies: '/api/messaging/practice-key/copies',
  /** GET (staff) MessagingSettingsView; PUT UpdateMessagingSettingsRequest → 204. */
  practiceSettings: '/api/messaging/practice/settings',
  practitionerEnabled: (practitionerId: string) => `/api/messaging/practitioners/${practitionerId}/enabled`,
  myPractitioners: '/api/messaging/my-practitioners',
  patientKeys: (patientId: string) => `/api/messaging/patients/${patientId}/keys`,
  threads: '/api/messaging/threads',
  thread: (id: string) => `/api/messaging/threads/${id}`,
  threadRecipients: (id: string) => `/api/messaging/threads/${id}/recipients`,
  threadMessages: (id: string) => `/api/messaging/threads/${id}/messages`,
  threadRead: (id: string) => `/api/messaging/threads/${id}/read`,
  threadAssign: (id: string) => `/api/messaging/threads/${id}/assign`,
  threadRenew: (id: string) => `/api/messaging/threads/${id}/renew`,
  threadRefuse: (id: string) => `/api/messaging/threads/${id}/refuse`,
  threadAskToBook: (id: string) => `/api/messaging/threads/${id}/ask-to-book`,
  threadClose: (id: string) => `/api/messaging/threads/${id}/close`,
  threadArchive: (id: string) => `/api/messaging/threads/${id}/archive`,
  threadUnarchive: (id: string) => `/api/messaging/threads/${id}/unarchive`,
  threadAttachments: (id: string) => `/api/messaging/threads/${id}/attachments`,
  attachment: (id: string) => `/api/messaging/attachments/${id}`,
  export: '/api/messaging/export',
} as const;

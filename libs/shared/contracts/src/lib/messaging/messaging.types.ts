export const THREAD_PURPOSES = ['RENEWAL', 'ADMINISTRATIVE', 'DOCUMENT'] as const;
export type ThreadPurpose = (typeof THREAD_PURPOSES)[number];

export const THREAD_STATES = ['OPEN', 'WAITING_FOR_PATIENT', 'CLOSED'] as const;
export type ThreadState = (typeof THREAD_STATES)[number];

export const MESSAGE_KINDS = ['TEXT', 'RENEWED', 'REFUSED', 'BOOKING_REQUESTED', 'CLOSED'] as const;
export type MessageKind = (typeof MESSAGE_KINDS)[number];

export const THREAD_PURPOSE_LABELS: Record<ThreadPurpose, string> = {
  RENEWAL: "Renouvellement d'ordonnance",
  ADMINISTRATIVE: 'Question administrative',
  DOCUMENT: 'Envoi de document',
};

/** Shown before a patient's first message and on every new thread. */
export const MESSAGING_EMERGENCY_NOTICE =
  "Cette messagerie n'est ni un service d'urgence ni une consultation. En cas d'urgence, appelez le 15 (SAMU) ou le 112 ; " +
  'personnes sourdes ou malentendantes : 114 (SMS, fax, application).';

/**
 * What the browser encrypts as a message body (JSON, then OpenPGP). The
 * server never sees it: medicine names are health data too.
 */
export interface MessageBodyPlaintext {
  text: string;
  /** Renewal requests: the medicines to renew. */
  medicines?: { name: string; dosage?: string }[];
  /** Renewal refusal: the reason. Ask to book: the booking link. */
  reason?: string;
  bookingUrl?: string;
}

/** Attachments: type checked by content in the browser, size before encryption. */
export const ATTACHMENT_MEDIA_TYPES = ['application/pdf', 'image/jpeg', 'image/png'] as const;
export type AttachmentMediaType = (typeof ATTACHMENT_MEDIA_TYPES)[number];
export const ATTACHMENT_MAX_PLAINTEXT_BYTES = 50 * 1024 * 1024;
/**
 * Ciphertext cap: OpenPGP adds session keys (~100 B per recipient), a
 * signature (~150 B), packet headers (a few bytes per partial-length chunk)
 * and the integrity tag; 64 KiB is far above that and far below abuse.
 */
export const ATTACHMENT_MAX_ENCRYPTED_BYTES = ATTACHMENT_MAX_PLAINTEXT_BYTES + 64 * 1024;
/** Header carrying the attachment's type on upload. */
export const ATTACHMENT_TYPE_HEADER = 'X-Attachment-Type';

/**
 * The type of a file from its first bytes (magic numbers), or null. Checked
 * before encryption and again after decryption: a mismatch is never rendered.
 */
export function sniffAttachmentType(head: Uint8Array): AttachmentMediaType | null {
  const starts = (...bytes: number[]) => bytes.every((b, i) => head[i] === b);
  if (starts(0x25, 0x50, 0x44, 0x46, 0x2d)) return 'application/pdf'; // %PDF-
  if (starts(0xff, 0xd8, 0xff)) return 'image/jpeg';
  if (starts(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a)) return 'image/png';
  return null;
}

/** The extension must agree with the content: ".jpg" holding a PDF is refused. */
export function attachmentTypeMatchesName(type: AttachmentMediaType, fileName: string): boolean {
  const extension = fileName.toLowerCase().split('.').pop() ?? '';
  const allowed: Record<AttachmentMediaType, string[]> = {
    'application/pdf': ['pdf'],
    'image/jpeg': ['jpg', 'jpeg'],
    'image/png': ['png'],
  };
  return allowed[type].includes(extension);
}

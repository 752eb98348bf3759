import { AttachmentMediaType, MessageKind, ThreadPurpose, ThreadState } from './messaging.types';
import type { ProtectedPrivateKeyDto } from './messaging.dto';

export interface AccountKeyView {
  publicKey: string;
  fingerprint: string;
  protectedPrivateKey: ProtectedPrivateKeyDto;
  recoveryPrivateKey: ProtectedPrivateKeyDto | null;
  /**
   * Set after a password reset: protectedPrivateKey is still protected by an
   * earlier password. The browser restores it (recovery kit, or the old
   * password) or replaces the key pair, then this is null again.
   */
  passwordResetAt: string | null;
}

export interface PracticeKeyView {
  practiceId: string;
  publicKey: string;
  fingerprint: string;
  /** base64 of my copy, or null when nobody shared it with me yet. */
  myCopy: string | null;
  /** Public keys of members who may have shared a copy (to verify its signature). */
  sharers: { accountId: string; publicKey: string }[];
  /** Members with a key but no copy yet: share with them. */
  membersWithoutCopy: { accountId: string; publicKey: string }[];
}

/** A patient's practitioner, and whether (and why not) a thread can be opened. */
export interface MessagingPractitionerView {
  practitionerId: string;
  displayName: string;
  specialtyLabel: string;
  practiceName: string;
  canOpenThread: boolean;
  /** French reason when canOpenThread is false. */
  refusal: string | null;
  answerDelayDays: number;
  weeklyThreadLimit: number | null;
  threadsOpenedThisWeek: number;
  /** What a new thread's first message is encrypted to (with the patient's own key); null until both exist. */
  publicKeys: { practitioner: string; practice: string } | null;
}

/** The public keys a message of this thread must be encrypted to, exactly. */
export interface ThreadRecipientsView {
  patient: { accountId: string; publicKey: string };
  practitioner: { accountId: string; publicKey: string };
  practice: { practiceId: string; publicKey: string };
  /** Everyone who may sign messages of this thread (to verify signatures). */
  senders: { accountId: string; publicKey: string }[];
}

export interface AttachmentView {
  id: string;
  mediaType: AttachmentMediaType;
  size: number;
}

export interface MessageView {
  id: string;
  threadId: string;
  seq: number;
  senderAccountId: string;
  senderName: string;
  kind: MessageKind;
  /** Armored OpenPGP message. */
  body: string;
  attachments: AttachmentView[];
  createdAt: string;
}

export interface ThreadSummaryView {
  id: string;
  purpose: ThreadPurpose;
  state: ThreadState;
  patientId: string;
  patientName: string;
  practitionerId: string;
  practitionerName: string;
  practiceId: string;
  assignedToAccountId: string | null;
  lastSeq: number;
  /** Messages after my last read receipt. */
  unread: number;
  lastMessageAt: string;
  createdAt: string;
  archivedByPatient: boolean;
}

export interface ThreadView extends ThreadSummaryView {
  messages: MessageView[];
  readReceipts: { accountId: string; lastReadSeq: number; readAt: string }[];
}

export interface ThreadExportView {
  exportedAt: string;
  threads: ThreadView[];
  /**
   * The public key of every account that wrote in these threads, former
   * practice members included: the browser verifies each signature with the
   * key of the sender the server names.
   */
  senders: { accountId: string; publicKey: string }[];
}

/** The practice's messaging settings, as its staff see them. */
export interface MessagingSettingsView {
  practiceId: string;
  practiceName: string;
  /** New threads a patient may open per rolling week; null: no limit. */
  weeklyThreadLimit: number | null;
  /** Usual answer delay, in working days, shown to patients before they write. */
  answerDelayDays: number;
  /** Each practitioner of the practice switches messaging on or off for themself. */
  practitioners: { practitionerId: string; accountId: string; displayName: string; messagingEnabled: boolean }[];
}

import { MessageKind, MessageView, ThreadState, ThreadSummaryView } from '@passerelle/shared/contracts';

export const THREAD_STATE_LABELS: Record<ThreadState, string> = {
  OPEN: 'En cours',
  WAITING_FOR_PATIENT: 'En attente de votre réponse',
  CLOSED: 'Clôturée',
};

/**
 * Replaces (or adds) a thread in a list kept newest first. The pushed summary's
 * unread count is not this reader's: the one already known is kept (new
 * messages are counted as they arrive, see countUnread); a thread not in the
 * list yet counts `unreadWhenNew`.
 */
export function upsertThread(list: ThreadSummaryView[], thread: ThreadSummaryView, unreadWhenNew = 0): ThreadSummaryView[] {
  const known = list.find((t) => t.id === thread.id);
  const updated = { ...thread, unread: known ? known.unread : unreadWhenNew };
  return [updated, ...list.filter((t) => t.id !== thread.id)].sort((a, b) => b.lastMessageAt.localeCompare(a.lastMessageAt));
}

/** A message from someone else arrived live: one more unread in its thread. */
export function countUnread(list: ThreadSummaryView[], message: MessageView, me: string | undefined): ThreadSummaryView[] {
  if (message.senderAccountId === me) return list;
  return list.map((t) => (t.id === message.threadId ? { ...t, unread: t.unread + 1, lastSeq: Math.max(t.lastSeq, message.seq) } : t));
}

/** "Levothyrox 75 µg" per line → medicines; blank lines dropped. */
export function parseMedicines(text: string): { name: string }[] {
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean)
    .map((name) => ({ name }));
}

/** "Réponse habituelle sous 2 jours ouvrés", shown to a patient before they write. */
export function answerDelayLabel(days: number): string {
  return `Réponse habituelle sous ${days} jour${days > 1 ? 's' : ''} ouvré${days > 1 ? 's' : ''}.`;
}

/** The practice's weekly limit as the patient sees it, or null when there is none. */
export function weeklyLimitLabel(limit: number | null, openedThisWeek: number): string | null {
  if (limit === null) return null;
  const left = Math.max(0, limit - openedThisWeek);
  return `Ce cabinet accepte ${limit} nouvelle${limit > 1 ? 's' : ''} conversation${limit > 1 ? 's' : ''} par patient et par semaine : il vous en reste ${left}.`;
}

/** What the patient is told after archiving a thread or bringing it back. */
export function archiveNotice(archived: boolean): string {
  return archived
    ? 'Conversation archivée. Elle reste dans votre dossier médical : retrouvez-la dans « Archivées ».'
    : 'Conversation remise dans « En cours ».';
}

/** What a practice's decision message says, beyond its text (plain messages say nothing more). */
export const MESSAGE_KIND_LABELS: Record<MessageKind, string | null> = {
  TEXT: null,
  RENEWED: 'Ordonnance renouvelée',
  REFUSED: 'Renouvellement refusé',
  BOOKING_REQUESTED: 'Rendez-vous demandé',
  CLOSED: 'Conversation clôturée',
};

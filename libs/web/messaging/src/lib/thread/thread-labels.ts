import { MessageView, ThreadState, ThreadSummaryView } from '@passerelle/shared/contracts';

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

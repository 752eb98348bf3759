/**
 * Port: tell an offline recipient that a message is waiting — never its
 * content, its sender's name or the thread's purpose; only "a message awaits
 * you on Passerelle" and a link. Adapter: MailMessageWaitingNotifier.
 */
export interface MessageWaitingNotifier {
  messageWaiting(accountId: string): Promise<void>;
}

export const MESSAGE_WAITING_NOTIFIER = Symbol('MESSAGE_WAITING_NOTIFIER');

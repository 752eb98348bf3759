import { Inject, Injectable, Logger } from '@nestjs/common';
import type { Server } from 'socket.io';
import type { ClientToServerEvents, ServerToClientEvents } from '@passerelle/shared/contracts';
import { MESSAGE_WAITING_NOTIFIER, MessageWaitingNotifier } from '../notifications/message-waiting-notifier';

export type RealtimeServer = Server<ClientToServerEvents, ServerToClientEvents>;

/** One room per account: every tab and device of that account joins it. */
export const accountRoom = (accountId: string): string => `account:${accountId}`;

const ACK_TIMEOUT_MS = 10_000;

/**
 * The typed way for any module to push a live event to accounts (messaging
 * now, the agenda's live updates later). Events are hints for what is on
 * screen; what must not be lost (messages) is persisted and numbered first,
 * and replayed by `sync` to whoever missed it.
 */
@Injectable()
export class RealtimePublisher {
  private readonly logger = new Logger('RealtimePublisher');
  private server: RealtimeServer | null = null;

  constructor(@Inject(MESSAGE_WAITING_NOTIFIER) private readonly notifier: MessageWaitingNotifier) {}

  /** Called by the gateway once socket.io is up. */
  attach(server: RealtimeServer): void {
    this.server = server;
  }

  send<E extends Exclude<keyof ServerToClientEvents, 'message:new'>>(
    accountIds: string[],
    event: E,
    ...payload: Parameters<ServerToClientEvents[E]>
  ): void {
    if (!this.server || accountIds.length === 0) return;
    // socket.io's broadcast typing decorates acknowledgements; these events have none.
    (this.server.to(accountIds.map(accountRoom)).emit as (event: string, ...args: unknown[]) => boolean)(event, ...payload);
  }

  /**
   * Pushes a new message and asks each client to acknowledge it. A client
   * that does not acknowledge catches up with `sync` when it comes back; an
   * account with no connected client at all gets the "a message is waiting"
   * notification.
   */
  async sendMessage(accountIds: string[], message: Parameters<ServerToClientEvents['message:new']>[0], notifyOffline: string[]): Promise<void> {
    const server = this.server;
    if (!server) return;
    if (accountIds.length > 0) {
      server
        .to(accountIds.map(accountRoom))
        .timeout(ACK_TIMEOUT_MS)
        .emit('message:new', message, (error: Error | null) => {
          if (error) this.logger.debug('a client did not acknowledge a message in time; it will catch up by sync');
        });
    }
    for (const accountId of notifyOffline) {
      // Across instances this asks the others through Redis; if it cannot tell, the e-mail goes (better told twice than never).
      const online = await server
        .in(accountRoom(accountId))
        .fetchSockets()
        .then((sockets) => sockets.length > 0)
        .catch(() => false);
      if (!online) await this.notifier.messageWaiting(accountId);
    }
  }
}

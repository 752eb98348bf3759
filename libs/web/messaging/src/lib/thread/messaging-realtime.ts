import { DestroyRef, inject, Injectable } from '@angular/core';
import { ClientToServerEvents, MessageView, REALTIME_PATH, ServerToClientEvents, ThreadSequencer, ThreadSummaryView } from '@passerelle/shared/contracts';
import { io, Socket } from 'socket.io-client';

export interface ThreadFeed {
  /** Called with each new message once, in sequence order (live or caught up). */
  onMessage: (message: MessageView) => void;
  onThreadChanged?: (thread: ThreadSummaryView) => void;
}

/**
 * One socket.io connection per open page, on the session cookie. The
 * ThreadSequencer drops duplicates and holds messages after a gap; on every
 * (re)connection, and whenever a gap shows, `sync` fetches what was missed.
 */
@Injectable()
export class MessagingRealtime {
  private socket: Socket<ServerToClientEvents, ClientToServerEvents> | null = null;

  constructor() {
    inject(DestroyRef).onDestroy(() => this.close());
  }

  /** Follows the threads given with their last known sequence; `since` asks for threads not known yet. */
  follow(known: Record<string, number>, feed: ThreadFeed, since?: string): void {
    this.close();
    const sequencer = new ThreadSequencer(known);
    const deliver = (message: MessageView) => sequencer.accept(message).forEach(feed.onMessage);
    // WebSocket only, like the app's other realtime client: behind the load balancer a WebSocket stays on one
    // instance, while polling requests could land on an instance that does not know the session (see tools/cluster).
    const socket: Socket<ServerToClientEvents, ClientToServerEvents> = io({ path: REALTIME_PATH, withCredentials: true, transports: ['websocket'] });
    const sync = () =>
      socket.emit('sync', { threads: sequencer.positions(), ...(since ? { since } : {}) }, (result) => {
        if (result.ok) result.messages.forEach(deliver);
      });
    socket.on('connect', sync);
    socket.on('message:new', (message, ack) => {
      ack({ ok: true });
      deliver(message);
      if (sequencer.hasGap(message.threadId)) sync();
    });
    if (feed.onThreadChanged) socket.on('thread:changed', feed.onThreadChanged);
    this.socket = socket;
  }

  close(): void {
    this.socket?.disconnect();
    this.socket = null;
  }
}

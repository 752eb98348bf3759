import { isPlatformBrowser } from '@angular/common';
import { inject, Injectable, PLATFORM_ID } from '@angular/core';
import { ClientToServerEvents, REALTIME_PATH, ServerToClientEvents } from '@passerelle/shared/contracts';
import { Observable } from 'rxjs';
import { io, Socket } from 'socket.io-client';

type AgendaEvent = Exclude<keyof ServerToClientEvents, 'message:new'>;

/**
 * The app's one socket.io connection (messaging contracts: path /socket.io,
 * the session cookie authenticates the handshake, each account receives its
 * own events). Opened on the first subscription, closed after the last one.
 */
@Injectable({ providedIn: 'root' })
export class RealtimeClient {
  private readonly browser = isPlatformBrowser(inject(PLATFORM_ID));
  private socket: Socket<ServerToClientEvents, ClientToServerEvents> | null = null;
  private subscribers = 0;

  /** The payloads of one server event, while subscribed. */
  events<E extends AgendaEvent>(event: E): Observable<Parameters<ServerToClientEvents[E]>[0]> {
    return new Observable((subscriber) => {
      if (!this.browser) return undefined;
      const socket = this.connect();
      const handler = (payload: Parameters<ServerToClientEvents[E]>[0]) => subscriber.next(payload);
      (socket.on as (name: string, listener: (payload: unknown) => void) => void)(event, handler as (payload: unknown) => void);
      return () => {
        (socket.off as (name: string, listener: (payload: unknown) => void) => void)(event, handler as (payload: unknown) => void);
        this.release();
      };
    });
  }

  /** Emits each time the connection comes back: what was sent meanwhile is lost, reload what is on screen. */
  reconnected(): Observable<void> {
    return new Observable<void>((subscriber) => {
      if (!this.browser) return undefined;
      const socket = this.connect();
      const handler = () => subscriber.next();
      socket.io.on('reconnect', handler);
      return () => {
        socket.io.off('reconnect', handler);
        this.release();
      };
    });
  }

  private connect(): Socket<ServerToClientEvents, ClientToServerEvents> {
    this.subscribers++;
    this.socket ??= io({ path: REALTIME_PATH, withCredentials: true, transports: ['websocket'] });
    return this.socket;
  }

  private release(): void {
    if (--this.subscribers > 0 || !this.socket) return;
    this.socket.disconnect();
    this.socket = null;
  }
}

import { Injectable } from '@nestjs/common';
import { EventEmitter } from 'node:events';

/** What was revoked: one session, or every session of an account but one. */
export type Revocation = { sessionId: string } | { accountId: string; exceptSessionId?: string };

/**
 * Tells the live connections (socket.io) that sessions were revoked — a
 * logout, "log out everywhere", a password change or reset, a deactivated
 * account — once the revocation is committed, so that they close at once
 * instead of at their next session check. Node's own EventEmitter: in-process
 * listeners only; reaching the other instances is the listener's business
 * (socket.io's adapter does it for the gateway).
 */
@Injectable()
export class SessionRevocations {
  private readonly emitter = new EventEmitter();

  announce(revocation: Revocation): void {
    this.emitter.emit('revoked', revocation);
  }

  /** Returns the unsubscribe function. */
  onRevoked(listener: (revocation: Revocation) => void): () => void {
    this.emitter.on('revoked', listener);
    return () => this.emitter.off('revoked', listener);
  }
}

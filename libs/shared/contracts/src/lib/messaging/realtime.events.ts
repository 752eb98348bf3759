import type { MessageView, ThreadSummaryView } from './messaging.views';

/**
 * Typed socket.io events (path /socket.io, default namespace). The handshake
 * reuses the web session cookie; each account joins its own room.
 *
 * Delivery: every message has a per-thread sequence number. The server pushes
 * `message:new` and the client acknowledges it; after any disconnect (or an
 * API restart) the client sends `sync` with its last sequence per thread and
 * receives what it missed, in order. The client drops what it already has
 * (ThreadSequencer), so nothing is lost and nothing shown twice.
 */
/**
 * A regulator booked, moved, corrected or cancelled a SAS appointment: sent
 * to the active members of the practitioner's practice so their agenda
 * reloads. No patient data: the agenda fetches what its reader may see.
 */
export interface SasAppointmentChange {
  practitionerId: string;
  appointmentId: string;
  change: 'BOOKED' | 'MOVED' | 'UPDATED' | 'CANCELLED';
}

export interface ServerToClientEvents {
  'message:new': (message: MessageView, ack: (received: { ok: true }) => void) => void;
  'thread:changed': (thread: ThreadSummaryView) => void;
  'receipt:read': (receipt: { threadId: string; accountId: string; lastReadSeq: number }) => void;
  typing: (typing: { threadId: string; accountId: string }) => void;
  /** Other modules' live updates (agenda), published through RealtimePublisher. */
  'agenda:changed': (change: { practitionerId: string; appointmentId: string }) => void;
  'sas:appointment': (change: SasAppointmentChange) => void;
}

export interface SyncRequest {
  /** Last sequence number the client holds, per thread id. */
  threads: Record<string, number>;
  /** Threads the client does not know yet and that changed after this instant are sent in full. */
  since?: string;
}

export interface SyncResult {
  ok: boolean;
  /** Missing messages, by thread then sequence. */
  messages: MessageView[];
  error?: string;
}

/**
 * `message:send`: what POST /api/messaging/threads/:id/messages does, over
 * the socket the client already holds — same checks (session, role, access
 * to the thread, recipients of the ciphertext), same audit, same message:new
 * to the thread's people — without an HTTP request per message.
 */
export interface SocketSendRequest {
  threadId: string;
  body: string;
  attachmentIds?: string[];
}

export interface SocketSendResult {
  ok: boolean;
  /** The stored message (as POST …/messages answers it). */
  message?: MessageView;
  /** Why it was refused, in French. */
  error?: string;
}

export interface ClientToServerEvents {
  sync: (request: SyncRequest, ack: (result: SyncResult) => void) => void;
  'message:send': (request: SocketSendRequest, ack: (result: SocketSendResult) => void) => void;
  typing: (request: { threadId: string }, ack: (result: { ok: boolean; error?: string }) => void) => void;
}

export const REALTIME_PATH = '/socket.io';

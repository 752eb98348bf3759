import { Logger } from '@nestjs/common';
import {
  ConnectedSocket,
  MessageBody,
  OnGatewayConnection,
  OnGatewayInit,
  SubscribeMessage,
  WebSocketGateway,
} from '@nestjs/websockets';
import type { Socket } from 'socket.io';
import { Actor, AuditTrail } from '@passerelle/api/audit';
import { EventThrottle, Revocation, SessionRecord, SessionRevocations, SessionService, sessionExpired, TOUCH_INTERVAL_MS } from '@passerelle/api/auth';
import { AppConfig } from '@passerelle/api/config';
import { Account } from '@passerelle/api/identity';
import { contractValidationPipe, DomainError, GracefulDrain, Metrics } from '@passerelle/api/platform';
import { REALTIME_PATH, Role, SendMessageRequest, SESSION_COOKIE, SocketSendResult, SyncRequest, SyncResult } from '@passerelle/shared/contracts';
import { Messaging, MESSAGING_ROLES } from '../threads/messaging.service';
import { accountRoom, RealtimePublisher, RealtimeServer } from './realtime-publisher';

/** What a connection knows of its session between two checks. */
interface SocketData {
  accountId: string;
  account: Account;
  session: SessionRecord;
  /** When the session was last read from the database (epoch ms). */
  checkedAt: number;
}

/** A room per session, so that a revoked session's connections can be closed on every instance. */
const sessionRoom = (sessionId: string): string => `session:${sessionId}`;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The HTTP routes' validation (contract DTOs, unknown fields refused, French messages). */
const validation = contractValidationPipe();

/**
 * socket.io entry point. The handshake must carry the web session cookie of
 * a fully signed-in account (second factor done), else it is refused. A
 * revoked session (logout, "log out everywhere", password change or reset,
 * deactivated account) closes its connections at once, on every instance
 * (SessionRevocations, a room per session, socket.io's adapter); each event
 * checks the session's expiry, reads it again from the database once a
 * minute at most (which also restarts its idle timer), and is counted per
 * account by EventThrottle. Each account joins
 * its own room; what it may receive is decided by the services that publish
 * (thread membership via AccessPolicy). Across instances, the Redis adapter
 * (main.ts) carries the rooms' events; on SIGTERM the connections are closed
 * so clients reconnect elsewhere.
 */
@WebSocketGateway({ path: REALTIME_PATH, serveClient: false, cors: false })
export class MessagingGateway implements OnGatewayInit<RealtimeServer>, OnGatewayConnection<Socket> {
  private readonly logger = new Logger('MessagingGateway');

  constructor(
    private readonly sessions: SessionService,
    private readonly messaging: Messaging,
    private readonly publisher: RealtimePublisher,
    private readonly config: AppConfig,
    private readonly metrics: Metrics,
    private readonly drain: GracefulDrain,
    private readonly throttle: EventThrottle,
    private readonly audit: AuditTrail,
    private readonly revocations: SessionRevocations,
  ) {}

  afterInit(server: RealtimeServer): void {
    server.use((socket, next) => {
      this.authenticate(socket)
        .then((account) => (account ? next() : next(new Error('Veuillez vous connecter.'))))
        .catch(() => next(new Error('Connexion temps réel impossible.')));
    });
    // Across instances the adapter carries disconnectSockets to the rooms' other members.
    this.revocations.onRevoked((revocation: Revocation) => {
      const closing = 'sessionId' in revocation
        ? server.in(sessionRoom(revocation.sessionId))
        : revocation.exceptSessionId
          ? server.in(accountRoom(revocation.accountId)).except(sessionRoom(revocation.exceptSessionId))
          : server.in(accountRoom(revocation.accountId));
      closing.disconnectSockets(true);
    });
    this.publisher.attach(server);
    this.metrics.gauge('passerelle_socketio_connected_sockets', 'socket.io clients connected to this instance.', () => server.engine.clientsCount);
    // Closing the transport (not a socket.io "disconnect", after which a client would not reconnect) sends the clients elsewhere.
    this.drain.onDrain('socket.io connections', () => void server.engine.close());
  }

  async handleConnection(socket: Socket): Promise<void> {
    const { accountId, session } = socket.data as Partial<SocketData>;
    if (!accountId || !session) {
      socket.disconnect(true);
      return;
    }
    await socket.join([accountRoom(accountId), sessionRoom(session.id)]);
  }

  @SubscribeMessage('sync')
  async sync(@ConnectedSocket() socket: Socket, @MessageBody() request: unknown): Promise<SyncResult> {
    return this.guarded(socket, 'sync', async (account, actor) => {
      const parsed = parseSync(request);
      if (!parsed) return { ok: false, messages: [], error: 'Demande de synchronisation invalide.' };
      return { ok: true, messages: await this.messaging.sync(account, actor, parsed) };
    }, (error) => ({ ok: false, messages: [], error }));
  }

  @SubscribeMessage('typing')
  async typing(@ConnectedSocket() socket: Socket, @MessageBody() request: unknown): Promise<{ ok: boolean; error?: string }> {
    return this.guarded(socket, 'typing', async (account, actor) => {
      const threadId = (request as { threadId?: unknown } | null)?.threadId;
      if (typeof threadId !== 'string' || !UUID.test(threadId)) return { ok: false, error: 'Conversation invalide.' };
      await this.messaging.typing(account, actor, threadId);
      return { ok: true };
    }, (error) => ({ ok: false, error }));
  }

  /**
   * A message over the socket the client already holds: what POST
   * /api/messaging/threads/:id/messages does — the role its route requires,
   * the same request contract, Messaging.act with its access check, recipient
   * check and audit row — without an HTTP request per message (the HTTP
   * pipeline costs more CPU than everything else a message needs).
   */
  @SubscribeMessage('message:send')
  async send(@ConnectedSocket() socket: Socket, @MessageBody() request: unknown): Promise<SocketSendResult> {
    return this.guarded(socket, 'message:send', async (account, actor) => {
      if (!(MESSAGING_ROLES as readonly Role[]).includes(account.role)) {
        await this.audit.record({ actor, action: 'access.role-refused', result: 'DENIED', details: { route: 'socket message:send' } });
        return { ok: false, error: "Votre profil ne permet pas d'accéder à cette fonction." };
      }
      const { threadId, ...fields } = typeof request === 'object' && request !== null ? (request as Record<string, unknown>) : {};
      if (typeof threadId !== 'string' || !UUID.test(threadId)) return { ok: false, error: 'Identifiant de conversation invalide.' };
      const message = (await validation.transform(fields, { type: 'body', metatype: SendMessageRequest })) as SendMessageRequest;
      return { ok: true, message: await this.messaging.act(account, actor, threadId, 'message', message) };
    }, (error) => ({ ok: false, error }));
  }

  /** Re-checks the session and counts the event on every event; domain refusals become a French error in the ack. */
  private async guarded<T>(socket: Socket, event: string, run: (account: Account, actor: Actor) => Promise<T>, refuse: (message: string) => T): Promise<T> {
    const account = await this.authenticate(socket);
    if (!account) {
      // After the refusal has been acknowledged.
      setTimeout(() => socket.disconnect(true), 50);
      return refuse('Votre session a expiré, veuillez vous reconnecter.');
    }
    const actor: Actor = { accountId: account.id, role: account.role, ip: socket.handshake.address ?? null, requestId: null };
    try {
      await this.throttle.count({ ...actor, accountId: account.id }, event);
      return await run(account, actor);
    } catch (error) {
      if (error instanceof DomainError) return refuse(error.message);
      this.logger.error({ err: error instanceof Error ? { name: error.name, message: error.message } : String(error) }, 'socket event failed');
      return refuse('Erreur interne, réessayez.');
    }
  }

  /**
   * The account behind the connection, or null when its session is over.
   * Between two database reads (once a minute at most: TOUCH_INTERVAL_MS)
   * the expiry is computed from what the last read said; a revocation does
   * not wait for it (see the class comment).
   */
  private async authenticate(socket: Socket): Promise<Account | null> {
    const data = socket.data as Partial<SocketData>;
    const now = Date.now();
    if (data.account && data.session && data.checkedAt !== undefined && now - data.checkedAt < TOUCH_INTERVAL_MS) {
      return sessionExpired(data.session, new Date(now)) ? null : data.account;
    }
    const origin = socket.handshake.headers.origin;
    // Browsers always send Origin on WebSocket/polling: refuse other sites (cross-site WebSocket hijacking).
    if (origin !== undefined && new URL(this.config.publicUrl).origin !== origin && !sameHost(origin, socket.handshake.headers.host)) {
      return null;
    }
    const token = cookieValue(socket.handshake.headers.cookie, SESSION_COOKIE);
    const resumed = await this.sessions.resume(token);
    if (!resumed) return null;
    const { session, account } = resumed;
    if (account.status !== 'ACTIVE' || SessionService.stageOf(account, session) !== 'authenticated') return null;
    // A connection belongs to one account for its whole life.
    if (data.accountId !== undefined && data.accountId !== account.id) return null;
    Object.assign(data, { accountId: account.id, account, session, checkedAt: now } satisfies SocketData);
    return account;
  }
}

function sameHost(origin: string, host: string | undefined): boolean {
  try {
    return host !== undefined && new URL(origin).host === host;
  } catch {
    return false;
  }
}

function cookieValue(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return decodeURIComponent(part.slice(eq + 1).trim());
  }
  return undefined;
}

function parseSync(request: unknown): SyncRequest | null {
  if (typeof request !== 'object' || request === null) return null;
  const { threads, since } = request as { threads?: unknown; since?: unknown };
  if (typeof threads !== 'object' || threads === null || Array.isArray(threads)) return null;
  const entries = Object.entries(threads as Record<string, unknown>);
  if (entries.length > 10_000) return null;
  for (const [id, seq] of entries) {
    if (!UUID.test(id) || typeof seq !== 'number' || !Number.isInteger(seq) || seq < 0) return null;
  }
  if (since !== undefined && (typeof since !== 'string' || Number.isNaN(Date.parse(since)))) return null;
  return { threads: threads as Record<string, number>, ...(since ? { since: since as string } : {}) };
}

import { Injectable } from '@nestjs/common';
import { Account } from '@passerelle/api/identity';
import { ROLES_REQUIRING_MFA, SessionStage, SessionView } from '@passerelle/shared/contracts';
import { idleExpiry, newCsrfToken, newSessionToken, SESSION_ABSOLUTE_MS, SESSION_IDLE_MS, sessionExpired, sessionIdOf, SessionRecord } from './session';
import { SessionRevocations } from './session-revocations';
import { SessionRepository } from './session.repository';

/** The idle timer restarts at most this often (one write per minute, not per request). */
export const TOUCH_INTERVAL_MS = 60_000;

export interface IssuedSession {
  token: string;
  session: SessionRecord;
}

export interface ClientInfo {
  ip: string | null;
  userAgent: string | null;
}

@Injectable()
export class SessionService {
  constructor(
    private readonly sessions: SessionRepository,
    private readonly revocations: SessionRevocations,
  ) {}

  /**
   * A brand-new session id at each login step (password, then second
   * factor): the previous one, if any, is revoked — no session fixation.
   */
  async issue(account: Account, mfaVerified: boolean, client: ClientInfo, replaces?: SessionRecord): Promise<IssuedSession> {
    if (replaces) {
      await this.sessions.revoke(replaces.id);
    }
    const token = newSessionToken();
    const now = new Date();
    const session = await this.sessions.create({
      id: sessionIdOf(token),
      accountId: account.id,
      csrfToken: newCsrfToken(),
      mfaVerified,
      lastSeenAt: now,
      // The 12-hour limit runs from the first login step.
      absoluteExpiresAt: replaces?.absoluteExpiresAt ?? new Date(now.getTime() + SESSION_ABSOLUTE_MS),
      reauthenticatedAt: mfaVerified ? now : null,
      ip: client.ip,
      userAgent: client.userAgent?.slice(0, 300) ?? null,
    });
    return { token, session };
  }

  /**
   * The live session for a cookie token, with its account (one read), its
   * idle timer restarted; null when unknown or expired.
   */
  async resume(token: string | undefined): Promise<{ session: SessionRecord; account: Account } | null> {
    if (!token || token.length > 100) {
      return null;
    }
    const found = await this.sessions.findWithAccount(sessionIdOf(token));
    const now = new Date();
    if (!found || sessionExpired(found.session, now)) {
      return null;
    }
    const { session, account } = found;
    // Restart the idle timer at most once a minute: one write per minute, not per request.
    if (now.getTime() - session.lastSeenAt.getTime() < TOUCH_INTERVAL_MS) {
      return found;
    }
    await this.sessions.touch(session.id, now);
    return { session: { ...session, lastSeenAt: now }, account };
  }

  /** Logout: the session ends, and its live connections with it. */
  async revoke(session: SessionRecord): Promise<void> {
    await this.sessions.revoke(session.id);
    this.revocations.announce({ sessionId: session.id });
  }

  /** Every session of the account (but `exceptId`) ends, and their live connections with them. */
  async revokeAll(accountId: string, exceptId?: string): Promise<number> {
    const revoked = await this.sessions.revokeAllOfAccount(accountId, exceptId);
    this.revocations.announce({ accountId, exceptSessionId: exceptId });
    return revoked;
  }

  /** The regulator came from the SAS platform (origin=sas): regulator privileges for this session. */
  async markSasOrigin(session: SessionRecord): Promise<SessionRecord> {
    const at = new Date();
    await this.sessions.markSasOrigin(session.id, at);
    return { ...session, sasOriginAt: at };
  }

  markReauthenticated(session: SessionRecord): Promise<void> {
    return this.sessions.markReauthenticated(session.id, new Date());
  }

  listActive(accountId: string): Promise<SessionRecord[]> {
    const now = new Date();
    return this.sessions.listActive(accountId, new Date(now.getTime() - SESSION_IDLE_MS), now);
  }

  static stageOf(account: Account, session: SessionRecord): SessionStage {
    if (session.mfaVerified) {
      return 'authenticated';
    }
    if (account.totpEnabledAt) {
      return 'mfa-required';
    }
    return ROLES_REQUIRING_MFA.includes(account.role) ? 'mfa-enrolment-required' : 'authenticated';
  }

  static view(account: Account, session: SessionRecord): SessionView {
    return {
      account: { id: account.id, email: account.email, displayName: account.displayName, role: account.role, mfaEnabled: account.totpEnabledAt !== null },
      stage: SessionService.stageOf(account, session),
      idleExpiresAt: idleExpiry(session).toISOString(),
      sasOrigin: Boolean(session.sasOriginAt),
      absoluteExpiresAt: session.absoluteExpiresAt.toISOString(),
    };
  }
}

import { createHash, randomBytes } from 'node:crypto';

/** NIST 800-63B AAL2: 30 minutes idle, 12 hours at most. */
export const SESSION_IDLE_MS = 30 * 60_000;
export const SESSION_ABSOLUTE_MS = 12 * 60 * 60_000;
/** How recent a re-authentication must be before changing e-mail, password or second factor. */
export const REAUTHENTICATION_WINDOW_MS = 5 * 60_000;

export interface SessionRecord {
  id: string;
  accountId: string;
  csrfToken: string;
  mfaVerified: boolean;
  createdAt: Date;
  lastSeenAt: Date;
  absoluteExpiresAt: Date;
  reauthenticatedAt: Date | null;
  revokedAt: Date | null;
  /** A regulator entered from the SAS platform (origin=sas): only then do regulator routes open. */
  sasOriginAt?: Date | null;
  ip: string | null;
  userAgent: string | null;
}

/** 256 random bits for the cookie; only the SHA-256 is stored. */
export const newSessionToken = (): string => randomBytes(32).toString('base64url');
export const newCsrfToken = (): string => randomBytes(32).toString('base64url');
export const sessionIdOf = (token: string): string => createHash('sha256').update(token).digest('hex');

export function sessionExpired(session: SessionRecord, now: Date): boolean {
  return (
    session.revokedAt !== null ||
    now.getTime() >= session.absoluteExpiresAt.getTime() ||
    now.getTime() - session.lastSeenAt.getTime() >= SESSION_IDLE_MS
  );
}

export const idleExpiry = (session: SessionRecord): Date =>
  new Date(Math.min(session.lastSeenAt.getTime() + SESSION_IDLE_MS, session.absoluteExpiresAt.getTime()));

import { SESSION_ABSOLUTE_MS, SESSION_IDLE_MS, SessionRecord, sessionExpired, sessionIdOf, newSessionToken } from './session';

const base = (over: Partial<SessionRecord> = {}): SessionRecord => {
  const createdAt = new Date('2026-01-01T08:00:00Z');
  return {
    id: 'x', accountId: 'a', csrfToken: 'c', mfaVerified: true, createdAt, lastSeenAt: createdAt,
    absoluteExpiresAt: new Date(createdAt.getTime() + SESSION_ABSOLUTE_MS), reauthenticatedAt: null, revokedAt: null, ip: null, userAgent: null,
    ...over,
  };
};

describe('session expiry', () => {
  const t0 = new Date('2026-01-01T08:00:00Z').getTime();
  it('lives while used', () => {
    expect(sessionExpired(base(), new Date(t0 + SESSION_IDLE_MS - 1))).toBe(false);
  });
  it('ends after 30 minutes idle', () => {
    expect(sessionExpired(base(), new Date(t0 + SESSION_IDLE_MS))).toBe(true);
  });
  it('ends after 12 hours even when used', () => {
    expect(sessionExpired(base({ lastSeenAt: new Date(t0 + SESSION_ABSOLUTE_MS - 1000) }), new Date(t0 + SESSION_ABSOLUTE_MS))).toBe(true);
  });
  it('ends when revoked', () => {
    expect(sessionExpired(base({ revokedAt: new Date(t0) }), new Date(t0 + 1))).toBe(true);
  });
  it('tokens carry 256 random bits and are stored hashed', () => {
    const token = newSessionToken();
    expect(Buffer.from(token, 'base64url')).toHaveLength(32);
    expect(sessionIdOf(token)).toMatch(/^[0-9a-f]{64}$/);
    expect(sessionIdOf(token)).not.toContain(token);
  });
});

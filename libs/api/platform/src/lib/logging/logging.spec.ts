import { withoutLinkTokens } from './logging';

describe('request paths in the logs', () => {
  it('hide one-time link tokens (invitations, password resets), not record ids', () => {
    const token = 'wmZjeoj4NUatDnIt3Ssqx9sYUmA8-iNGscZ2tvowIsU';
    expect(withoutLinkTokens(`/api/auth/password-reset/${token}`)).toBe('/api/auth/password-reset/[jeton]');
    expect(withoutLinkTokens(`/api/invitations/${token}/accept`)).toBe('/api/invitations/[jeton]/accept');
    expect(withoutLinkTokens('/api/messaging/threads/6a62489f-ee03-4853-83e3-d86d13b404e5')).toBe('/api/messaging/threads/6a62489f-ee03-4853-83e3-d86d13b404e5');
  });
});

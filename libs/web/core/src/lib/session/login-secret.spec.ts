import { LOGIN_SECRET_TTL_MS, LoginSecret } from './login-secret';

describe('LoginSecret', () => {
  afterEach(() => jest.useRealTimers());

  it('hands the password over once, then holds nothing', () => {
    const secret = new LoginSecret();
    expect(secret.take()).toBeNull();
    secret.keep('Mot-de-passe-2026');
    expect(secret.take()).toBe('Mot-de-passe-2026');
    expect(secret.take()).toBeNull();
  });

  it('forgets a password nobody took after a few minutes', () => {
    jest.useFakeTimers();
    const secret = new LoginSecret();
    secret.keep('Mot-de-passe-2026');
    jest.advanceTimersByTime(LOGIN_SECRET_TTL_MS - 1);
    secret.keep('Nouveau-mot-de-passe');
    jest.advanceTimersByTime(LOGIN_SECRET_TTL_MS - 1);
    expect(secret.take()).toBe('Nouveau-mot-de-passe');
    secret.keep('Encore');
    jest.advanceTimersByTime(LOGIN_SECRET_TTL_MS);
    expect(secret.take()).toBeNull();
  });
});

import { apiErrorMessage, formatWait } from './api-error-message';

describe('apiErrorMessage', () => {
  it('adds the wait to a "too many requests" message', () => {
    expect(
      apiErrorMessage({
        statusCode: 429,
        code: 'TOO_MANY_REQUESTS',
        message: 'Trop de tentatives.',
        retryAfterSeconds: 300,
      }),
    ).toBe('Trop de tentatives. Vous pourrez réessayer dans 5 minutes.');
  });

  it('does not repeat a wait the API already states', () => {
    expect(
      apiErrorMessage({
        statusCode: 429,
        code: 'TOO_MANY_REQUESTS',
        message: 'Trop de tentatives. Réessayez dans 1 minute.',
        retryAfterSeconds: 60,
      }),
    ).toBe('Trop de tentatives. Réessayez dans 1 minute.');
  });

  it('keeps the message as is without a wait', () => {
    expect(
      apiErrorMessage({
        statusCode: 401,
        code: 'INVALID_CREDENTIALS',
        message: 'Identifiants incorrects.',
      }),
    ).toBe('Identifiants incorrects.');
  });
});

describe('formatWait', () => {
  it.each([
    [1, '1 seconde'],
    [45, '45 secondes'],
    [61, '2 minutes'],
    [60, '1 minute'],
    [3600, '1 heure'],
    [3900, '1 heure et 5 minutes'],
    [7200, '2 heures'],
  ])('%i s → %s', (seconds, expected) => {
    expect(formatWait(seconds)).toBe(expected);
  });
});

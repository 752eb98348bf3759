import { HttpErrorResponse, HttpHeaders } from '@angular/common/http';
import { toApiError } from './api-error';

describe('toApiError', () => {
  it('keeps the API error body as is', () => {
    const body = {
      statusCode: 400,
      code: 'VALIDATION_FAILED',
      message: 'Formulaire invalide.',
      fields: { email: ['Adresse e-mail invalide.'] },
    };
    expect(
      toApiError(new HttpErrorResponse({ status: 400, error: body })),
    ).toEqual(body);
  });

  it('takes the wait from Retry-After when the body lacks it', () => {
    const error = new HttpErrorResponse({
      status: 429,
      headers: new HttpHeaders({ 'Retry-After': '120' }),
      error: {
        statusCode: 429,
        code: 'TOO_MANY_REQUESTS',
        message: 'Trop de tentatives.',
      },
    });
    expect(toApiError(error).retryAfterSeconds).toBe(120);
  });

  it('explains in French when the server cannot be reached', () => {
    expect(toApiError(new HttpErrorResponse({ status: 0 })).message).toMatch(
      /Impossible de joindre Passerelle/,
    );
  });

  it('does not show a proxy error page to the person', () => {
    const error = toApiError(
      new HttpErrorResponse({ status: 502, error: '<html>Bad gateway</html>' }),
    );
    expect(error.message).toBe(
      'Une erreur inattendue est survenue. Veuillez réessayer.',
    );
  });
});

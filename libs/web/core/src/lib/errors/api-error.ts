import { HttpErrorResponse } from '@angular/common/http';
import { API_ERROR_CODES, ApiErrorBody } from '@passerelle/shared/contracts';

export const NETWORK_ERROR_CODE = 'NETWORK_ERROR';

const NETWORK_ERROR_MESSAGE =
  'Impossible de joindre Passerelle. Vérifiez votre connexion internet puis réessayez.';
const UNEXPECTED_ERROR_MESSAGE =
  'Une erreur inattendue est survenue. Veuillez réessayer.';
const TOO_MANY_REQUESTS_MESSAGE = 'Trop de tentatives.';

/**
 * Any failure of an API call, as the API's error body: the forms only deal
 * with ApiErrorBody, even when the server could not be reached or a proxy
 * answered with something else.
 */
export function toApiError(error: unknown): ApiErrorBody {
  if (!(error instanceof HttpErrorResponse)) {
    return {
      statusCode: 0,
      code: API_ERROR_CODES.internal,
      message: UNEXPECTED_ERROR_MESSAGE,
    };
  }
  const retryAfterSeconds = readRetryAfter(error);
  if (isApiErrorBody(error.error)) {
    const body = error.error;
    return body.retryAfterSeconds === undefined &&
      retryAfterSeconds !== undefined
      ? { ...body, retryAfterSeconds }
      : body;
  }
  if (error.status === 0) {
    return {
      statusCode: 0,
      code: NETWORK_ERROR_CODE,
      message: NETWORK_ERROR_MESSAGE,
    };
  }
  if (error.status === 429) {
    return {
      statusCode: 429,
      code: API_ERROR_CODES.tooManyRequests,
      message: TOO_MANY_REQUESTS_MESSAGE,
      retryAfterSeconds,
    };
  }
  return {
    statusCode: error.status,
    code: API_ERROR_CODES.internal,
    message: UNEXPECTED_ERROR_MESSAGE,
  };
}

/** True when the API refused the request with this stable error code. */
export function hasApiErrorCode(error: unknown, code: string): boolean {
  return (
    error instanceof HttpErrorResponse &&
    isApiErrorBody(error.error) &&
    error.error.code === code
  );
}

function isApiErrorBody(value: unknown): value is ApiErrorBody {
  if (typeof value !== 'object' || value === null) {
    return false;
  }
  const candidate = value as Partial<ApiErrorBody>;
  return (
    typeof candidate.code === 'string' && typeof candidate.message === 'string'
  );
}

function readRetryAfter(error: HttpErrorResponse): number | undefined {
  const header = error.headers?.get('Retry-After');
  if (!header) {
    return undefined;
  }
  const seconds = Number.parseInt(header, 10);
  return Number.isFinite(seconds) && seconds > 0 ? seconds : undefined;
}

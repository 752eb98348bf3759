import { API_ERROR_CODES, ApiErrorCode } from '@passerelle/shared/contracts';

/**
 * Errors the domain throws. Services never build HTTP responses; the one
 * exception filter (HttpErrorFilter) maps these to a status and an
 * ApiErrorBody. Messages are French, for the person in front of the screen.
 */
export abstract class DomainError extends Error {
  abstract readonly status: number;
  constructor(
    readonly code: ApiErrorCode,
    message: string,
    readonly fields?: Record<string, string[]>,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export class ValidationFailed extends DomainError {
  readonly status = 400;
  constructor(message: string, fields?: Record<string, string[]>, code: ApiErrorCode = API_ERROR_CODES.validation) {
    super(code, message, fields);
  }
}

export class Unauthenticated extends DomainError {
  readonly status = 401;
  constructor(message = 'Veuillez vous connecter.', code: ApiErrorCode = API_ERROR_CODES.unauthenticated) {
    super(code, message);
  }
}

export class Forbidden extends DomainError {
  readonly status = 403;
  constructor(message = "Vous n'avez pas accès à cette ressource.", code: ApiErrorCode = API_ERROR_CODES.forbidden) {
    super(code, message);
  }
}

export class NotFound extends DomainError {
  readonly status = 404;
  constructor(message = 'Ressource introuvable.') {
    super(API_ERROR_CODES.notFound, message);
  }
}

export class Conflict extends DomainError {
  readonly status = 409;
  constructor(message: string, code: ApiErrorCode = API_ERROR_CODES.conflict) {
    super(code, message);
  }
}

/** A slot was taken meanwhile: 409 with the next free slots to offer. */
export class SlotTaken extends Conflict {
  constructor(readonly alternatives: unknown[] = []) {
    super('Ce créneau vient d’être réservé par quelqu’un d’autre. Choisissez un autre horaire.', API_ERROR_CODES.slotTaken);
  }
}

export class TooManyRequests extends DomainError {
  readonly status = 429;
  constructor(
    readonly retryAfterSeconds: number,
    message = `Trop de tentatives. Réessayez dans ${formatWait(retryAfterSeconds)}.`,
    code: ApiErrorCode = API_ERROR_CODES.tooManyRequests,
  ) {
    super(code, message);
  }
}

export function formatWait(seconds: number): string {
  if (seconds < 60) {
    return `${seconds} seconde${seconds > 1 ? 's' : ''}`;
  }
  const minutes = Math.ceil(seconds / 60);
  return `${minutes} minute${minutes > 1 ? 's' : ''}`;
}

import { Conflict, DomainError, Forbidden, ValidationFailed } from '@passerelle/api/platform';
import { API_ERROR_CODES } from '@passerelle/shared/contracts';

/** Messaging refusals, mapped to HTTP by the one filter like every DomainError. */
export class MessagingNotAllowed extends Forbidden {
  constructor(message: string) {
    super(message, API_ERROR_CODES.messagingNotAllowed);
  }
}

export class ThreadLimitReached extends DomainError {
  readonly status = 429;
  constructor(limit: number) {
    super(
      API_ERROR_CODES.threadLimitReached,
      `Vous avez atteint la limite de ${limit} nouvelle${limit > 1 ? 's' : ''} conversation${limit > 1 ? 's' : ''} par semaine fixée par ce cabinet. Vous pouvez écrire dans une conversation en cours.`,
    );
  }
}

export class InvalidEncryptedContent extends ValidationFailed {
  constructor(message: string, field = 'body') {
    super(message, { [field]: [message] }, API_ERROR_CODES.invalidEncryptedContent);
  }
}

export class EncryptionKeysMissing extends Conflict {
  constructor(message: string) {
    super(message, API_ERROR_CODES.encryptionKeysMissing);
  }
}

export class PayloadTooLarge extends DomainError {
  readonly status = 413;
  constructor(message: string) {
    super(API_ERROR_CODES.payloadTooLarge, message);
  }
}

export class UnsupportedMediaType extends DomainError {
  readonly status = 415;
  constructor(message: string) {
    super(API_ERROR_CODES.unsupportedMediaType, message);
  }
}

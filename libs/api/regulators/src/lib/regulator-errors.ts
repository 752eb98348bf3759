import { API_ERROR_CODES } from '@passerelle/shared/contracts';
import { DomainError } from '@passerelle/api/platform';

/** 410: a one-time link already used or out of date (the auth library's, shared with password resets). */
export { LinkGone } from '@passerelle/api/auth';

/** 422: a well-formed request that breaks a business rule. */
export class BusinessRuleViolated extends DomainError {
  readonly status = 422;
  constructor(message: string) {
    super(API_ERROR_CODES.conflict, message);
  }
}

/** 412: a conditional update whose condition matches several resources. */
export class PreconditionFailed extends DomainError {
  readonly status = 412;
  constructor(message: string) {
    super(API_ERROR_CODES.conflict, message);
  }
}

export const PRACTITIONER_EMAIL_MESSAGE =
  'Cette adresse e-mail est déjà celle d’un compte professionnel (praticien, secrétariat ou administration). Un régulateur doit utiliser un compte séparé, avec une autre adresse e-mail.';

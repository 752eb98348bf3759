import { API_ERROR_CODES } from '@passerelle/shared/contracts';
import { DomainError } from '@passerelle/api/platform';

/** 422: a well-formed request that breaks a business rule (the IG's convention for the platform). */
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

import { createHash, randomBytes } from 'node:crypto';
import { DomainError } from '@passerelle/api/platform';
import { API_ERROR_CODES, ONE_TIME_LINK_TOKEN_PATTERN } from '@passerelle/shared/contracts';

/**
 * Single-use links sent by e-mail (regulator invitations, password resets):
 * 256 random bits in the URL, only their SHA-256 in the database, so a
 * database leak does not leak live links.
 */
export const newLinkToken = (): string => randomBytes(32).toString('base64url');
export const linkTokenHash = (token: string): string => createHash('sha256').update(token).digest('hex');
/** Whether a path parameter can be a link token at all (anything else is unknown without a query). */
export const isLinkToken = (token: string): boolean => ONE_TIME_LINK_TOKEN_PATTERN.test(token);

/** 410: a one-time link already used or out of date. */
export class LinkGone extends DomainError {
  readonly status = 410;
  constructor(message: string) {
    super(API_ERROR_CODES.notFound, message);
  }
}

/**
 * Body of every 4xx/5xx answer of the API. `message` is French and meant for a
 * person; `code` is stable and meant for code; `fields` maps a request field
 * (dotted path) to its French error messages, for field-level form errors.
 */
export interface ApiErrorBody {
  statusCode: number;
  code: string;
  message: string;
  fields?: Record<string, string[]>;
  /** Seconds before a retry makes sense (also sent as the Retry-After header). */
  retryAfterSeconds?: number;
  /** For 409 "slot taken": the next free slots to offer instead. */
  alternatives?: unknown[];
}

/** Stable error codes. */
export const API_ERROR_CODES = {
  validation: 'VALIDATION_FAILED',
  malformedJson: 'MALFORMED_JSON',
  payloadTooLarge: 'PAYLOAD_TOO_LARGE',
  unauthenticated: 'UNAUTHENTICATED',
  invalidCredentials: 'INVALID_CREDENTIALS',
  mfaRequired: 'MFA_REQUIRED',
  mfaEnrolmentRequired: 'MFA_ENROLMENT_REQUIRED',
  invalidMfaCode: 'INVALID_MFA_CODE',
  reauthenticationRequired: 'REAUTHENTICATION_REQUIRED',
  forbidden: 'FORBIDDEN',
  csrf: 'CSRF_TOKEN_INVALID',
  notFound: 'NOT_FOUND',
  conflict: 'CONFLICT',
  slotTaken: 'SLOT_TAKEN',
  tooManyRequests: 'TOO_MANY_REQUESTS',
  accountLocked: 'ACCOUNT_LOCKED',
  weakPassword: 'WEAK_PASSWORD',
  /** A password change without the messaging key protected by the new password. */
  keyProtectionRequired: 'KEY_PROTECTION_REQUIRED',
  sasOriginRequired: 'SAS_ORIGIN_REQUIRED',
  messagingNotAllowed: 'MESSAGING_NOT_ALLOWED',
  threadLimitReached: 'THREAD_LIMIT_REACHED',
  invalidEncryptedContent: 'INVALID_ENCRYPTED_CONTENT',
  encryptionKeysMissing: 'ENCRYPTION_KEYS_MISSING',
  unsupportedMediaType: 'UNSUPPORTED_MEDIA_TYPE',
  internal: 'INTERNAL_ERROR',
} as const;
export type ApiErrorCode = (typeof API_ERROR_CODES)[keyof typeof API_ERROR_CODES];

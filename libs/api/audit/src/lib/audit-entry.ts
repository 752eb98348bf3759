import { Role } from '@passerelle/shared/contracts';

export type AuditResult = 'SUCCESS' | 'DENIED' | 'FAILURE';

/** Who acts, from where: built once per request by the auth layer. */
export interface Actor {
  accountId: string | null;
  role: Role | null;
  ip: string | null;
  requestId: string | null;
}

export const ANONYMOUS_ACTOR: Actor = { accountId: null, role: null, ip: null, requestId: null };

/**
 * One line of the audit trail: who (actor), acting for whom, did what, on
 * which record, about which patient, with what result. `details` holds
 * non-personal context only (reason codes, counts) — never names, e-mails or
 * message content.
 */
export interface AuditEntry {
  actor: Actor;
  action: string;
  result: AuditResult;
  onBehalfOf?: string | null;
  resourceType?: string | null;
  resourceId?: string | null;
  patientId?: string | null;
  details?: Record<string, string | number | boolean | null>;
}

export interface AuditEventView {
  id: string;
  at: string;
  actorAccountId: string | null;
  actorRole: Role | null;
  onBehalfOf: string | null;
  action: string;
  resourceType: string | null;
  resourceId: string | null;
  patientId: string | null;
  result: AuditResult;
  ip: string | null;
  requestId: string | null;
  details: unknown;
  hash: string;
}

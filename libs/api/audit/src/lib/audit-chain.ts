import { createHash } from 'node:crypto';

/** The stored text form of one audit row, as the chain hashes it. */
export interface AuditChainRow {
  id: string;
  at: string;
  actorAccountId: string | null;
  actorRole: string | null;
  onBehalfOf: string | null;
  action: string;
  resourceType: string | null;
  resourceId: string | null;
  patientId: string | null;
  result: string;
  ip: string | null;
  requestId: string | null;
  details: string | null;
  prevHash: string;
  hash: string;
}

export const GENESIS_HASH = '0'.repeat(64);

const field = (value: string | null): string => (value === null ? '-' : `${Buffer.byteLength(value, 'utf8')}:${value}`);

/**
 * Recomputes a row's hash independently of the database trigger that wrote
 * it (prisma/migrations/*_audit_append_only): sha256(prevHash || each field as
 * "<octet length>:<value>", NULL as "-").
 */
export function auditRowHash(row: AuditChainRow): string {
  const canonical =
    row.prevHash +
    [row.id, row.at, row.actorAccountId, row.actorRole, row.onBehalfOf, row.action, row.resourceType, row.resourceId, row.patientId, row.result, row.ip, row.requestId, row.details]
      .map(field)
      .join('');
  return createHash('sha256').update(canonical, 'utf8').digest('hex');
}

export interface ChainVerification {
  intact: boolean;
  checked: number;
  /** First row whose content or link does not match. */
  brokenAt?: { id: string; reason: string };
}

/** Walks rows in id order; `previousHash` carries the link across batches. */
export function verifyChainSegment(rows: AuditChainRow[], previousHash: string): { brokenAt?: ChainVerification['brokenAt']; lastHash: string } {
  let expectedPrev = previousHash;
  for (const row of rows) {
    if (row.prevHash !== expectedPrev) {
      return { brokenAt: { id: row.id, reason: 'link to the previous entry is broken (an entry was removed or reordered)' }, lastHash: expectedPrev };
    }
    if (auditRowHash(row) !== row.hash) {
      return { brokenAt: { id: row.id, reason: 'content does not match its hash (the entry was modified)' }, lastHash: expectedPrev };
    }
    expectedPrev = row.hash;
  }
  return { lastHash: expectedPrev };
}

import { AuditEntry } from './audit-entry';

/**
 * The columns, placeholders and parameters of one audit row, numbered from
 * `firstParameter`. AuditRepository.append writes it alone; a repository
 * whose change must be recorded in the same statement as the change itself
 * (a booking: `WITH inserted AS (INSERT …) INSERT INTO "AuditEvent" (columns)
 * SELECT values FROM inserted`) writes it there — one definition of an audit
 * row either way. The insert trigger (prisma/migrations/*_audit_append_only)
 * assigns id, time and the chained hash.
 */
export function auditRowSql(entry: AuditEntry, firstParameter: number, options: { detailsFrom?: string } = {}): { columns: string; values: string; params: unknown[] } {
  const casts = ['::uuid', '::"Role"', '', '', '', '', '::uuid', '::"AuditResult"', '', '', '::jsonb'];
  const values = casts.map((cast, i) => `$${firstParameter + i}${cast}`);
  // `detailsFrom`: a jsonb expression over the written row (e.g. the sequence number the database assigned), merged into details.
  if (options.detailsFrom) values[values.length - 1] = `(COALESCE(${values[values.length - 1]}, '{}'::jsonb) || ${options.detailsFrom})`;
  return {
    columns: '"actorAccountId", "actorRole", "onBehalfOf", action, "resourceType", "resourceId", "patientId", result, ip, "requestId", details',
    values: values.join(', '),
    params: [
      entry.actor.accountId,
      entry.actor.role,
      entry.onBehalfOf ?? null,
      entry.action,
      entry.resourceType ?? null,
      entry.resourceId ?? null,
      entry.patientId ?? null,
      entry.result,
      entry.actor.ip,
      entry.actor.requestId,
      entry.details === undefined ? null : JSON.stringify(entry.details),
    ],
  };
}

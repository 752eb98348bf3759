import { Inject, Injectable } from '@nestjs/common';
import { PRISMA, PrismaClient, SQL_DRIVER, SqlDriver } from '@passerelle/api/database';
import { Role } from '@passerelle/shared/contracts';
import { AuditChainRow } from './audit-chain';
import { AuditEntry, AuditEventView } from './audit-entry';
import { auditRowSql } from './audit-row-sql';

export interface AuditQuery {
  actorAccountId?: string;
  patientId?: string;
  action?: string;
  beforeId?: string;
  limit: number;
}

@Injectable()
export class AuditRepository {
  constructor(
    @Inject(PRISMA) private readonly prisma: PrismaClient,
    @Inject(SQL_DRIVER) private readonly sql: SqlDriver,
  ) {}

  /**
   * The database trigger assigns id, time and the chained hash. One plain
   * INSERT without RETURNING: it runs on every audited request, and the
   * trigger's chain lock is held only for this statement.
   */
  async append(entry: AuditEntry): Promise<void> {
    const row = auditRowSql(entry, 1);
    await this.sql.query(`INSERT INTO "AuditEvent" (${row.columns}) VALUES (${row.values})`, row.params, { prepared: true });
  }

  async list(query: AuditQuery): Promise<AuditEventView[]> {
    const rows = await this.prisma.auditEvent.findMany({
      where: {
        actorAccountId: query.actorAccountId,
        patientId: query.patientId,
        action: query.action,
        id: query.beforeId ? { lt: BigInt(query.beforeId) } : undefined,
      },
      orderBy: { id: 'desc' },
      take: query.limit,
    });
    return rows.map((row) => ({
      id: row.id.toString(),
      at: row.at.toISOString(),
      actorAccountId: row.actorAccountId,
      actorRole: row.actorRole as Role | null,
      onBehalfOf: row.onBehalfOf,
      action: row.action,
      resourceType: row.resourceType,
      resourceId: row.resourceId,
      patientId: row.patientId,
      result: row.result,
      ip: row.ip,
      requestId: row.requestId,
      details: row.details,
      hash: row.hash,
    }));
  }

  /** Rows after `afterId` in chain order, every field in the text form the trigger hashed. */
  async chainRows(afterId: string, limit: number): Promise<AuditChainRow[]> {
    return this.sql.query<AuditChainRow & Record<string, unknown>>(
      `SELECT id::text AS "id",
              to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "at",
              "actorAccountId"::text AS "actorAccountId", "actorRole"::text AS "actorRole", "onBehalfOf",
              action, "resourceType", "resourceId", "patientId"::text AS "patientId", result::text AS result,
              ip, "requestId", details::text AS details, "prevHash", hash
         FROM "AuditEvent" e WHERE e.id > $1::bigint ORDER BY e.id LIMIT $2`,
      [afterId, limit],
    );
  }
}

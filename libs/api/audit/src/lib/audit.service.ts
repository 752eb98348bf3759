import { Injectable } from '@nestjs/common';
import { GENESIS_HASH, ChainVerification, verifyChainSegment } from './audit-chain';
import { AuditEntry, AuditEventView } from './audit-entry';
import { AuditQuery, AuditRepository } from './audit.repository';

@Injectable()
export class AuditTrail {
  constructor(private readonly repository: AuditRepository) {}

  /**
   * Appends one entry. Awaited by callers: an access to health data that
   * cannot be recorded does not happen (the error propagates).
   */
  record(entry: AuditEntry): Promise<void> {
    return this.repository.append(entry);
  }

  list(query: AuditQuery): Promise<AuditEventView[]> {
    return this.repository.list(query);
  }

  /** Re-hashes the whole chain in batches (npm run audit:verify). */
  async verify(batchSize = 5000): Promise<ChainVerification> {
    let afterId = '0';
    let previousHash = GENESIS_HASH;
    let checked = 0;
    for (;;) {
      const rows = await this.repository.chainRows(afterId, batchSize);
      if (rows.length === 0) {
        return { intact: true, checked };
      }
      const segment = verifyChainSegment(rows, previousHash);
      if (segment.brokenAt) {
        return { intact: false, checked: checked + rows.findIndex((r) => r.id === segment.brokenAt?.id), brokenAt: segment.brokenAt };
      }
      checked += rows.length;
      previousHash = segment.lastHash;
      afterId = rows[rows.length - 1].id;
    }
  }
}

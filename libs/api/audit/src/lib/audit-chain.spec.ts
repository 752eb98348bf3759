import { AuditChainRow, auditRowHash, GENESIS_HASH, verifyChainSegment } from './audit-chain';

function chain(n: number): AuditChainRow[] {
  const rows: AuditChainRow[] = [];
  let prev = GENESIS_HASH;
  for (let i = 1; i <= n; i++) {
    const row: AuditChainRow = {
      id: String(i), at: `2026-01-01T00:00:0${i}.000Z`, actorAccountId: null, actorRole: 'ADMIN', onBehalfOf: null,
      action: 'auth.login', resourceType: null, resourceId: null, patientId: null, result: 'SUCCESS', ip: '127.0.0.1',
      requestId: null, details: i % 2 ? '{"n": 1}' : null, prevHash: prev, hash: '',
    };
    row.hash = auditRowHash(row);
    prev = row.hash;
    rows.push(row);
  }
  return rows;
}

describe('audit chain', () => {
  it('accepts an untouched chain', () => {
    expect(verifyChainSegment(chain(5), GENESIS_HASH).brokenAt).toBeUndefined();
  });

  it('detects a modified field', () => {
    const rows = chain(5);
    rows[2].result = 'DENIED';
    expect(verifyChainSegment(rows, GENESIS_HASH).brokenAt).toEqual({ id: '3', reason: expect.stringContaining('modified') });
  });

  it('detects a removed entry', () => {
    const rows = chain(5);
    rows.splice(1, 1);
    expect(verifyChainSegment(rows, GENESIS_HASH).brokenAt?.id).toBe('3');
  });

  it('does not confuse values that only differ by where a separator falls', () => {
    const [row] = chain(1);
    const a = auditRowHash({ ...row, resourceType: 'ab', resourceId: 'c' });
    const b = auditRowHash({ ...row, resourceType: 'a', resourceId: 'bc' });
    expect(a).not.toBe(b);
  });

  it('hashes NULL and the text "-" differently', () => {
    const [row] = chain(1);
    expect(auditRowHash({ ...row, ip: null })).not.toBe(auditRowHash({ ...row, ip: '-' }));
  });
});

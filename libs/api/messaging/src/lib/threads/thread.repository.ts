import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { AuditEntry, auditRowSql } from '@passerelle/api/audit';
import { PRISMA, Prisma, PrismaClient, SQL_DRIVER, SqlDriver } from '@passerelle/api/database';
import { PracticeRecordStanding, practiceRecordStandingColumns } from '@passerelle/api/identity';
import {
  AttachmentMediaType,
  MessageKind,
  MessageView,
  MessagingSettingsView,
  ThreadListQuery,
  ThreadPurpose,
  ThreadState,
  ThreadSummaryView,
  ThreadView,
} from '@passerelle/shared/contracts';

export interface MessagingPractitioner {
  id: string;
  accountId: string;
  practiceId: string;
  practiceName: string;
  displayName: string;
  specialtyLabel: string;
  messagingEnabled: boolean;
  weeklyThreadLimit: number | null;
  answerDelayDays: number;
}

export interface ThreadRecord {
  id: string;
  patientId: string;
  patientAccountId: string | null;
  practitionerId: string;
  practitionerAccountId: string;
  practiceId: string;
  purpose: ThreadPurpose;
  state: ThreadState;
  lastSeq: number;
  patientName: string;
  practitionerName: string;
  assignedToAccountId: string | null;
  lastMessageAt: Date;
  createdAt: Date;
  archivedByPatient: boolean;
  /** Active members of the practice: with the patient, who receives the thread's events. */
  memberAccountIds: string[];
  /**
   * Key IDs a message of this thread must name, read with the thread (null:
   * no key yet). Read afresh on each request, so a key created or changed
   * is seen at once: no cache to invalidate.
   */
  recipientKeyIds: { patient: string[] | null; practitioner: string[] | null; practice: string[] | null };
  /**
   * Where the account that asked for the thread stands with it, read by the
   * same statement; AccessPolicy.practiceRecordAccess decides from it.
   */
  viewer: PracticeRecordStanding;
}

/** The thread as it stands after a new message. */
export interface AppendedMessage {
  message: MessageView;
  thread: Pick<ThreadRecord, 'state' | 'lastSeq' | 'lastMessageAt' | 'archivedByPatient'>;
}

export interface NewMessage {
  threadId: string;
  senderAccountId: string;
  kind: MessageKind;
  body: string;
  attachmentIds: string[];
  /** State after this message. */
  state: ThreadState;
}

export interface NewThread {
  patientId: string;
  practitionerId: string;
  practiceId: string;
  purpose: ThreadPurpose;
  openedByAccountId: string;
  body: string;
  /** Opened by the patient: the practice's weekly limit applies (null: none). */
  weeklyLimit: number | null;
}

const WEEK_MS = 7 * 24 * 3_600_000;

const threadInclude = {
  practice: { select: { name: true } },
} as const;

/** Threads, messages, read receipts and attachment records: ciphertext and routing data only. */
@Injectable()
export class ThreadRepository {
  constructor(
    @Inject(PRISMA) private readonly prisma: PrismaClient,
    @Inject(SQL_DRIVER) private readonly sql: SqlDriver,
  ) {}

  async practitioner(practitionerId: string): Promise<MessagingPractitioner | null> {
    const row = await this.prisma.practitioner.findUnique({
      where: { id: practitionerId },
      include: { practice: true, account: { select: { displayName: true } } },
    });
    return row ? toPractitioner(row) : null;
  }

  async practitionersOfPatient(patientId: string): Promise<MessagingPractitioner[]> {
    const rows = await this.prisma.careRelationship.findMany({
      where: { patientId },
      include: { practitioner: { include: { practice: true, account: { select: { displayName: true } } } } },
      orderBy: { since: 'asc' },
    });
    return rows.map((r) => toPractitioner(r.practitioner));
  }

  async patient(patientId: string): Promise<{ id: string; accountId: string | null } | null> {
    return this.prisma.patient.findUnique({ where: { id: patientId }, select: { id: true, accountId: true } });
  }

  async threadsOpenedSince(patientId: string, practiceId: string, openedByAccountId: string, since: Date): Promise<number> {
    return this.prisma.messageThread.count({
      where: { patientId, practiceId, openedByAccountId, createdAt: { gte: since } },
    });
  }

  /**
   * Creates the thread and its first message (seq 1). When a weekly limit
   * applies, a transaction-scoped advisory lock per (patient, practice) makes
   * the count and the insert one step: two racing requests cannot both pass.
   * Returns null when the limit is reached.
   */
  async openThread(thread: NewThread): Promise<{ thread: ThreadRecord; message: MessageView } | null> {
    const opened = await this.prisma.$transaction(async (tx) => {
      if (thread.weeklyLimit !== null) {
        await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`thread-limit:${thread.patientId}:${thread.practiceId}`}))`;
        const opened = await tx.messageThread.count({
          where: {
            patientId: thread.patientId,
            practiceId: thread.practiceId,
            openedByAccountId: thread.openedByAccountId,
            createdAt: { gte: new Date(Date.now() - WEEK_MS) },
          },
        });
        if (opened >= thread.weeklyLimit) return null;
      }
      const created = await tx.messageThread.create({
        data: {
          patientId: thread.patientId,
          practitionerId: thread.practitionerId,
          practiceId: thread.practiceId,
          purpose: thread.purpose,
          openedByAccountId: thread.openedByAccountId,
          state: 'OPEN',
          lastSeq: 1,
          messages: { create: { seq: 1, senderAccountId: thread.openedByAccountId, kind: 'TEXT', body: thread.body } },
          readReceipts: { create: { accountId: thread.openedByAccountId, lastReadSeq: 1 } },
        },
      });
      const message = await tx.message.findUniqueOrThrow({
        where: { threadId_seq: { threadId: created.id, seq: 1 } },
        include: messageInclude,
      });
      return { threadId: created.id, message: toMessageView(message, await senderNames(tx, [message.senderAccountId])) };
    });
    if (!opened) return null;
    return { thread: (await this.thread(opened.threadId, thread.openedByAccountId)) as ThreadRecord, message: opened.message };
  }

  /**
   * Appends a message in one statement: the UPDATE of the thread row locks
   * it and takes lastSeq + 1, so the sequence number has no gap and no
   * repeat even when several members write at once (unique (threadId, seq)
   * stays the judge); the message, the sender's read receipt and the audit
   * row (with the assigned seq) are written by the same statement, so all or
   * none of them is. Attachments must be the sender's own, uploaded to this
   * thread and not yet sent — they are claimed in the same transaction, which
   * is rolled back (returning null) when one is not.
   */
  async appendMessage(message: NewMessage, audit: AuditEntry): Promise<AppendedMessage | null> {
    const params: unknown[] = [
      message.threadId, randomUUID(), message.senderAccountId, message.kind, message.body, message.state, message.state === 'CLOSED',
    ];
    const auditRow = auditRowSql(audit, params.length + 1, { detailsFrom: `jsonb_build_object('seq', inserted.seq)` });
    const statement = `WITH ${APPEND_CTE}, audited AS (INSERT INTO "AuditEvent" (${auditRow.columns}) SELECT ${auditRow.values} FROM inserted) ${APPENDED_VIEW}`;
    const values = [...params, ...auditRow.params];
    type Row = { id: string; seq: number; createdAt: Date; state: ThreadState; lastMessageAt: Date; senderName: string | null };
    const toAppended = (row: Row, attachments: MessageView['attachments']): AppendedMessage => ({
      message: {
        id: row.id,
        threadId: message.threadId,
        seq: row.seq,
        senderAccountId: message.senderAccountId,
        senderName: row.senderName ?? '',
        kind: message.kind,
        body: message.body,
        attachments,
        createdAt: row.createdAt.toISOString(),
      },
      thread: { state: row.state, lastSeq: row.seq, lastMessageAt: row.lastMessageAt, archivedByPatient: false },
    });
    if (message.attachmentIds.length === 0) {
      const [row] = await this.sql.query<Row>(statement, values, { prepared: true });
      return row ? toAppended(row, []) : null;
    }
    try {
      return await this.sql.transaction(async (tx) => {
        const [row] = await tx.query<Row>(statement, values, { prepared: true });
        if (!row) throw new AttachmentsNotUsable();
        const claimed = await tx.query<{ id: string; mediaType: string; size: number; createdAt: Date }>(
          `UPDATE "MessageAttachment" SET "messageId" = $1::uuid
            WHERE id = ANY($2::uuid[]) AND "threadId" = $3::uuid AND "uploadedById" = $4::uuid AND "messageId" IS NULL
            RETURNING id::text AS id, "mediaType", size, "createdAt"`,
          [row.id, message.attachmentIds, message.threadId, message.senderAccountId],
        );
        if (claimed.length !== message.attachmentIds.length) throw new AttachmentsNotUsable();
        claimed.sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
        return toAppended(row, claimed.map((a) => ({ id: a.id, mediaType: a.mediaType as AttachmentMediaType, size: a.size })));
      });
    } catch (error) {
      if (error instanceof AttachmentsNotUsable) return null;
      throw error;
    }
  }

  /**
   * Everything a request about a thread needs before it acts, in one
   * statement: the thread, its patient's and practitioner's accounts and
   * names, the practice's active members, the three recipient key IDs and
   * where `viewerAccountId` stands with it (for the access decision).
   */
  async thread(threadId: string, viewerAccountId: string): Promise<ThreadRecord | null> {
    const [row] = await this.sql.query<ThreadRow>(THREAD_RECORD_SQL, [threadId, viewerAccountId], { prepared: true });
    if (!row) return null;
    return {
      id: row.id,
      patientId: row.patientId,
      patientAccountId: row.patientAccountId,
      practitionerId: row.practitionerId,
      practitionerAccountId: row.practitionerAccountId,
      practiceId: row.practiceId,
      purpose: row.purpose,
      state: row.state,
      lastSeq: row.lastSeq,
      patientName: `${row.usedFirstName ?? row.firstNames.split(' ')[0]} ${row.usedName ?? row.birthName}`,
      practitionerName: row.practitionerName,
      assignedToAccountId: row.assignedToAccountId,
      lastMessageAt: row.lastMessageAt,
      createdAt: row.createdAt,
      archivedByPatient: row.archivedByPatient,
      memberAccountIds: row.memberAccountIds,
      recipientKeyIds: { patient: row.patientKeyIds, practitioner: row.practitionerKeyIds, practice: row.practiceKeyIds },
      viewer: { isThePatient: row.isThePatient, memberOfPractice: row.memberOfPractice, patientOfMyPractices: row.patientOfMyPractices },
    };
  }

  async summaries(
    scope: { patientId: string } | { practiceIds: string[] },
    query: ThreadListQuery,
    viewerAccountId: string,
  ): Promise<ThreadSummaryView[]> {
    const q = query.q?.trim();
    const where: Prisma.MessageThreadWhereInput = {
      ...('patientId' in scope ? { patientId: scope.patientId } : { practiceId: { in: scope.practiceIds } }),
      ...(query.purpose ? { purpose: query.purpose } : {}),
      ...(query.state ? { state: query.state } : {}),
      ...(query.assignedTo ? { assignedToAccountId: query.assignedTo === 'none' ? null : query.assignedTo } : {}),
      ...(query.archived === 'true' ? { patientArchivedAt: { not: null } } : query.archived === 'false' ? { patientArchivedAt: null } : {}),
    };
    if (q) {
      const patients = await this.prisma.patient.findMany({
        where: {
          OR: [
            { birthName: { contains: q, mode: 'insensitive' } },
            { usedName: { contains: q, mode: 'insensitive' } },
            { firstNames: { contains: q, mode: 'insensitive' } },
            { usedFirstName: { contains: q, mode: 'insensitive' } },
          ],
        },
        select: { id: true },
        take: 500,
      });
      where.patientId = 'patientId' in scope ? scope.patientId : { in: patients.map((p) => p.id) };
    }
    const rows = await this.prisma.messageThread.findMany({ where, include: threadInclude, orderBy: { lastMessageAt: 'desc' }, take: 200 });
    return this.toSummaries(rows, viewerAccountId);
  }

  async threadView(threadId: string, viewerAccountId: string): Promise<ThreadView> {
    const row = await this.prisma.messageThread.findUniqueOrThrow({ where: { id: threadId }, include: threadInclude });
    const [summary] = await this.toSummaries([row], viewerAccountId);
    const [messages, receipts] = await Promise.all([
      this.messagesAfter([{ threadId, afterSeq: 0 }]),
      this.prisma.threadReadReceipt.findMany({ where: { threadId }, orderBy: { accountId: 'asc' } }),
    ]);
    return {
      ...summary,
      messages,
      readReceipts: receipts.map((r) => ({ accountId: r.accountId, lastReadSeq: r.lastReadSeq, readAt: r.readAt.toISOString() })),
    };
  }

  async summary(threadId: string, viewerAccountId: string): Promise<ThreadSummaryView> {
    const row = await this.prisma.messageThread.findUniqueOrThrow({ where: { id: threadId }, include: threadInclude });
    return (await this.toSummaries([row], viewerAccountId))[0];
  }

  /** Messages after the given sequence numbers, by thread then sequence. */
  async messagesAfter(positions: { threadId: string; afterSeq: number }[]): Promise<MessageView[]> {
    if (positions.length === 0) return [];
    const rows = await this.prisma.message.findMany({
      where: { OR: positions.map((p) => ({ threadId: p.threadId, seq: { gt: p.afterSeq } })) },
      include: messageInclude,
      orderBy: [{ threadId: 'asc' }, { seq: 'asc' }],
      take: 5_000,
    });
    const names = await senderNames(this.prisma, [...new Set(rows.map((r) => r.senderAccountId))]);
    return rows.map((r) => toMessageView(r, names));
  }

  /** Thread ids (with their last sequence) of a scope, changed since an instant. */
  async threadPositions(scope: { patientId: string } | { practiceIds: string[] }, since: Date | null): Promise<{ id: string; lastSeq: number }[]> {
    return this.prisma.messageThread.findMany({
      where: {
        ...('patientId' in scope ? { patientId: scope.patientId } : { practiceId: { in: scope.practiceIds } }),
        ...(since ? { lastMessageAt: { gt: since } } : {}),
      },
      select: { id: true, lastSeq: true },
    });
  }

  /** Moves the read receipt forward only (a late, older receipt changes nothing). */
  async markRead(threadId: string, accountId: string, seq: number): Promise<number> {
    const existing = await this.prisma.threadReadReceipt.findUnique({ where: { threadId_accountId: { threadId, accountId } } });
    if (existing && existing.lastReadSeq >= seq) return existing.lastReadSeq;
    await this.prisma.threadReadReceipt.upsert({
      where: { threadId_accountId: { threadId, accountId } },
      create: { threadId, accountId, lastReadSeq: seq },
      update: { lastReadSeq: seq, readAt: new Date() },
    });
    return seq;
  }

  async assign(threadId: string, accountId: string | null): Promise<void> {
    await this.prisma.messageThread.update({ where: { id: threadId }, data: { assignedToAccountId: accountId } });
  }

  async setArchived(threadId: string, archived: boolean): Promise<void> {
    await this.prisma.messageThread.update({ where: { id: threadId }, data: { patientArchivedAt: archived ? new Date() : null } });
  }

  async threadIdsOfPatient(patientId: string): Promise<string[]> {
    const rows = await this.prisma.messageThread.findMany({ where: { patientId }, select: { id: true }, orderBy: { createdAt: 'asc' } });
    return rows.map((r) => r.id);
  }

  async practiceSettings(practiceId: string): Promise<MessagingSettingsView | null> {
    const practice = await this.prisma.practice.findUnique({
      where: { id: practiceId },
      select: {
        id: true,
        name: true,
        messagingWeeklyThreadLimit: true,
        messagingAnswerDelayDays: true,
        practitioners: { select: { id: true, accountId: true, messagingEnabled: true, account: { select: { displayName: true } } }, orderBy: { lastName: 'asc' } },
      },
    });
    if (!practice) return null;
    return {
      practiceId: practice.id,
      practiceName: practice.name,
      weeklyThreadLimit: practice.messagingWeeklyThreadLimit,
      answerDelayDays: practice.messagingAnswerDelayDays,
      practitioners: practice.practitioners.map((p) => ({ practitionerId: p.id, accountId: p.accountId, displayName: p.account.displayName, messagingEnabled: p.messagingEnabled })),
    };
  }

  async setPracticeSettings(practiceId: string, settings: { weeklyThreadLimit?: number | null; answerDelayDays?: number }): Promise<void> {
    await this.prisma.practice.update({
      where: { id: practiceId },
      data: {
        ...(settings.weeklyThreadLimit !== undefined ? { messagingWeeklyThreadLimit: settings.weeklyThreadLimit } : {}),
        ...(settings.answerDelayDays !== undefined ? { messagingAnswerDelayDays: settings.answerDelayDays } : {}),
      },
    });
  }

  async setMessagingEnabled(practitionerId: string, enabled: boolean): Promise<void> {
    await this.prisma.practitioner.update({ where: { id: practitionerId }, data: { messagingEnabled: enabled } });
  }

  /** Active members of a practice: they receive its threads' events. */
  async activeMembers(practiceId: string): Promise<{ accountId: string; role: 'PRACTITIONER' | 'SECRETARY' }[]> {
    return this.prisma.practiceMembership.findMany({ where: { practiceId, endedAt: null }, select: { accountId: true, role: true } });
  }

  async createAttachment(attachment: { threadId: string; uploadedById: string; mediaType: AttachmentMediaType; storageKey: string; size: number }): Promise<string> {
    return (await this.prisma.messageAttachment.create({ data: attachment, select: { id: true } })).id;
  }

  async attachment(attachmentId: string): Promise<{ id: string; threadId: string; messageId: string | null; uploadedById: string; mediaType: string; storageKey: string; size: number } | null> {
    return this.prisma.messageAttachment.findUnique({ where: { id: attachmentId } });
  }

  private async toSummaries(
    rows: (Prisma.MessageThreadGetPayload<{ include: typeof threadInclude }>)[],
    viewerAccountId: string,
  ): Promise<ThreadSummaryView[]> {
    if (rows.length === 0) return [];
    const threadIds = rows.map((r) => r.id);
    const [patients, practitioners, receipts] = await Promise.all([
      this.prisma.patient.findMany({ where: { id: { in: [...new Set(rows.map((r) => r.patientId))] } } }),
      this.prisma.practitioner.findMany({ where: { id: { in: [...new Set(rows.map((r) => r.practitionerId))] } }, include: { account: { select: { displayName: true } } } }),
      this.prisma.threadReadReceipt.findMany({ where: { threadId: { in: threadIds }, accountId: viewerAccountId } }),
    ]);
    const patientName = new Map(patients.map((p) => [p.id, `${p.usedFirstName ?? p.firstNames.split(' ')[0]} ${p.usedName ?? p.birthName}`]));
    const practitionerName = new Map(practitioners.map((p) => [p.id, p.account.displayName]));
    const read = new Map(receipts.map((r) => [r.threadId, r.lastReadSeq]));
    return rows.map((r) => ({
      id: r.id,
      purpose: r.purpose,
      state: r.state,
      patientId: r.patientId,
      patientName: patientName.get(r.patientId) ?? '',
      practitionerId: r.practitionerId,
      practitionerName: practitionerName.get(r.practitionerId) ?? '',
      practiceId: r.practiceId,
      assignedToAccountId: r.assignedToAccountId,
      lastSeq: r.lastSeq,
      unread: Math.max(0, r.lastSeq - (read.get(r.id) ?? 0)),
      lastMessageAt: r.lastMessageAt.toISOString(),
      createdAt: r.createdAt.toISOString(),
      archivedByPatient: r.patientArchivedAt !== null,
    }));
  }
}

class AttachmentsNotUsable extends Error {}

type ThreadRow = Pick<
  ThreadRecord,
  'id' | 'patientId' | 'patientAccountId' | 'practitionerId' | 'practitionerAccountId' | 'practiceId' | 'purpose' | 'state' | 'lastSeq' | 'practitionerName' | 'assignedToAccountId' | 'lastMessageAt' | 'createdAt' | 'archivedByPatient' | 'memberAccountIds'
> & PracticeRecordStanding & {
  birthName: string;
  usedName: string | null;
  firstNames: string;
  usedFirstName: string | null;
  patientKeyIds: string[] | null;
  practitionerKeyIds: string[] | null;
  practiceKeyIds: string[] | null;
};

const THREAD_RECORD_SQL = `
SELECT t.id::text AS id, t."patientId"::text AS "patientId", pa."accountId"::text AS "patientAccountId",
       t."practitionerId"::text AS "practitionerId", pr."accountId"::text AS "practitionerAccountId", t."practiceId"::text AS "practiceId",
       t.purpose::text AS purpose, t.state::text AS state, t."lastSeq", t."assignedToAccountId"::text AS "assignedToAccountId",
       t."lastMessageAt", t."createdAt", t."patientArchivedAt" IS NOT NULL AS "archivedByPatient",
       pa."birthName", pa."usedName", pa."firstNames", pa."usedFirstName", pra."displayName" AS "practitionerName",
       ARRAY(SELECT m."accountId"::text FROM "PracticeMembership" m WHERE m."practiceId" = t."practiceId" AND m."endedAt" IS NULL ORDER BY m."accountId") AS "memberAccountIds",
       pk."encryptionKeyIds" AS "patientKeyIds", prk."encryptionKeyIds" AS "practitionerKeyIds", ck."encryptionKeyIds" AS "practiceKeyIds",
       ${practiceRecordStandingColumns('$2::uuid', 't."patientId"', 't."practiceId"')}
  FROM "MessageThread" t
  JOIN "Patient" pa ON pa.id = t."patientId"
  JOIN "Practitioner" pr ON pr.id = t."practitionerId"
  JOIN "Account" pra ON pra.id = pr."accountId"
  LEFT JOIN "AccountKey" pk ON pk."accountId" = pa."accountId"
  LEFT JOIN "AccountKey" prk ON prk."accountId" = pr."accountId"
  LEFT JOIN "PracticeKey" ck ON ck."practiceId" = t."practiceId"
 WHERE t.id = $1::uuid`;

/** $1 thread, $2 new message id, $3 sender, $4 kind, $5 body, $6 state after, $7 closes the thread. */
const APPEND_CTE = `bumped AS (
  UPDATE "MessageThread"
     SET "lastSeq" = "lastSeq" + 1, "lastMessageAt" = now(), state = $6::"ThreadState",
         "closedAt" = CASE WHEN $7::boolean THEN now() END, "updatedAt" = now(),
         -- A new message brings an archived thread back to the patient's list: an answer is never missed.
         "patientArchivedAt" = NULL
   WHERE id = $1::uuid
  RETURNING id, "lastSeq", state, "lastMessageAt"
), inserted AS (
  INSERT INTO "Message" (id, "threadId", seq, "senderAccountId", kind, body, "createdAt")
  SELECT $2::uuid, b.id, b."lastSeq", $3::uuid, $4::"MessageKind", $5, b."lastMessageAt" FROM bumped b
  RETURNING id, seq, "createdAt"
), receipt AS (
  INSERT INTO "ThreadReadReceipt" ("threadId", "accountId", "lastReadSeq", "readAt")
  SELECT b.id, $3::uuid, b."lastSeq", b."lastMessageAt" FROM bumped b
  ON CONFLICT ("threadId", "accountId") DO UPDATE SET "lastReadSeq" = EXCLUDED."lastReadSeq", "readAt" = EXCLUDED."readAt"
)`;
const APPENDED_VIEW = `
SELECT i.id::text AS id, i.seq, i."createdAt", b.state::text AS state, b."lastMessageAt", a."displayName" AS "senderName"
  FROM inserted i CROSS JOIN bumped b LEFT JOIN "Account" a ON a.id = $3::uuid`;

const messageInclude = { attachments: { select: { id: true, mediaType: true, size: true }, orderBy: { createdAt: 'asc' } } } as const;

type MessageRow = Prisma.MessageGetPayload<{ include: typeof messageInclude }>;

async function senderNames(db: Prisma.TransactionClient | PrismaClient, accountIds: string[]): Promise<Map<string, string>> {
  const rows = await db.account.findMany({ where: { id: { in: accountIds } }, select: { id: true, displayName: true } });
  return new Map(rows.map((r) => [r.id, r.displayName]));
}

function toMessageView(row: MessageRow, names: Map<string, string>): MessageView {
  return {
    id: row.id,
    threadId: row.threadId,
    seq: row.seq,
    senderAccountId: row.senderAccountId,
    senderName: names.get(row.senderAccountId) ?? '',
    kind: row.kind,
    body: row.body,
    attachments: row.attachments.map((a) => ({ id: a.id, mediaType: a.mediaType as AttachmentMediaType, size: a.size })),
    createdAt: row.createdAt.toISOString(),
  };
}

function toPractitioner(row: {
  id: string;
  accountId: string;
  practiceId: string;
  specialtyLabel: string;
  messagingEnabled: boolean;
  account: { displayName: string };
  practice: { name: string; messagingWeeklyThreadLimit: number | null; messagingAnswerDelayDays: number };
}): MessagingPractitioner {
  return {
    id: row.id,
    accountId: row.accountId,
    practiceId: row.practiceId,
    practiceName: row.practice.name,
    displayName: row.account.displayName,
    specialtyLabel: row.specialtyLabel,
    messagingEnabled: row.messagingEnabled,
    weeklyThreadLimit: row.practice.messagingWeeklyThreadLimit,
    answerDelayDays: row.practice.messagingAnswerDelayDays,
  };
}

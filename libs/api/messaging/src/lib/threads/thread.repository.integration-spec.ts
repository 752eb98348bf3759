import 'reflect-metadata';
import { Test } from '@nestjs/testing';
import { randomUUID } from 'node:crypto';
import { AuditEntry } from '@passerelle/api/audit';
import { createTestDatabase, TestDatabase, testDatabaseModule } from '@passerelle/api/database/testing';
import { AccountRepository, PeopleRepository } from '@passerelle/api/identity';
import { ThreadRepository } from './thread.repository';

jest.setTimeout(120_000);

/**
 * The database decides the numbering and the weekly limit: racing writers get
 * consecutive sequence numbers (no gap, no repeat) and racing openers cannot
 * pass the limit together.
 */
describe('ThreadRepository on PostgreSQL', () => {
  let db: TestDatabase;
  let threads: ThreadRepository;
  let people: PeopleRepository;
  let accounts: AccountRepository;
  let ids: { patientId: string; patientAccountId: string; practitionerId: string; practiceId: string; doctorAccountId: string };

  beforeAll(async () => {
    db = await createTestDatabase();
    const moduleRef = await Test.createTestingModule({
      imports: [testDatabaseModule(db)],
      providers: [AccountRepository, PeopleRepository, ThreadRepository],
    }).compile();
    threads = moduleRef.get(ThreadRepository);
    accounts = moduleRef.get(AccountRepository);
    people = moduleRef.get(PeopleRepository);
    const doctor = await accounts.create({ email: `dr-${randomUUID()}@exemple.fr`, role: 'PRACTITIONER', displayName: 'Dr Test', passwordHash: null });
    const patientAccount = await accounts.create({ email: `p-${randomUUID()}@exemple.fr`, role: 'PATIENT', displayName: 'Patient', passwordHash: null });
    const practiceId = await people.createPractice({ name: 'Cabinet', addressLine: '1 rue', postcode: '69003', commune: 'Lyon', departement: '69' });
    await people.addMember(practiceId, doctor.id, 'PRACTITIONER');
    const practitionerId = await people.createPractitioner({
      accountId: doctor.id, practiceId, rpps: '10000000001', firstName: 'Test', lastName: 'Docteur',
      profession: 'Médecin', specialtyCode: 'SM54', specialtyLabel: 'Médecine générale', acceptsNewPatients: true,
    });
    const patientId = await people.createPatient({ accountId: patientAccount.id, birthName: 'PATIENT', firstNames: 'Test', birthDate: '1970-01-01', sex: 'F' });
    ids = { patientId, patientAccountId: patientAccount.id, practitionerId, practiceId, doctorAccountId: doctor.id };
  });
  afterAll(() => db.destroy());

  const audit = (threadId: string, accountId: string): AuditEntry => ({
    actor: { accountId, role: accountId === ids.patientAccountId ? 'PATIENT' : 'PRACTITIONER', ip: '127.0.0.1', requestId: null },
    action: 'messaging.thread.message',
    result: 'SUCCESS',
    resourceType: 'MessageThread',
    resourceId: threadId,
    patientId: ids.patientId,
    details: { attachments: 0 },
  });
  const auditedSeqs = async (threadId: string) =>
    (await db.prisma.auditEvent.findMany({ where: { resourceId: threadId, action: 'messaging.thread.message' } }))
      .map((e) => (e.details as { seq: number }).seq)
      .sort((a, b) => a - b);
  const append = (threadId: string, senderAccountId: string, attachmentIds: string[] = [], body = 'x') =>
    threads.appendMessage({ threadId, senderAccountId, kind: 'TEXT', body, attachmentIds, state: 'OPEN' }, audit(threadId, senderAccountId));

  const open = (weeklyLimit: number | null) =>
    threads.openThread({ patientId: ids.patientId, practitionerId: ids.practitionerId, practiceId: ids.practiceId, purpose: 'RENEWAL', openedByAccountId: ids.patientAccountId, body: 'ciphertext', weeklyLimit });

  it('60 racing writers on one thread get sequence numbers 2…61, each once, each audited with its number', async () => {
    const opened = await open(null);
    expect(opened?.message.seq).toBe(1);
    const threadId = opened?.thread.id ?? '';
    const writers = Array.from({ length: 60 }, (_, i) => append(threadId, i % 2 ? ids.patientAccountId : ids.doctorAccountId, [], `m${i}`));
    const appended = await Promise.all(writers);
    const seqs = appended.map((m) => m?.message.seq ?? -1).sort((a, b) => a - b);
    expect(seqs).toEqual(Array.from({ length: 60 }, (_, i) => i + 2));
    expect(appended.every((m) => m?.thread.lastSeq === m?.message.seq)).toBe(true);
    expect(await auditedSeqs(threadId)).toEqual(seqs);
    const stored = await threads.messagesAfter([{ threadId, afterSeq: 0 }]);
    expect(stored.map((m) => m.seq)).toEqual(Array.from({ length: 61 }, (_, i) => i + 1));
    expect((await threads.thread(threadId, ids.patientAccountId))?.lastSeq).toBe(61);
  });

  it('20 racing openers against a limit of 3 (after the one above): exactly 2 more pass', async () => {
    const results = await Promise.all(Array.from({ length: 20 }, () => open(3)));
    expect(results.filter((r) => r !== null)).toHaveLength(2);
  });

  it('an attachment that is not the sender’s own unsent upload rolls the whole message back', async () => {
    const opened = await open(null);
    const threadId = opened?.thread.id ?? '';
    const attachmentId = await threads.createAttachment({ threadId, uploadedById: ids.doctorAccountId, mediaType: 'application/pdf', storageKey: 'a'.repeat(48), size: 10 });
    const refused = await append(threadId, ids.patientAccountId, [attachmentId]);
    expect(refused).toBeNull();
    expect((await threads.thread(threadId, ids.patientAccountId))?.lastSeq).toBe(1);
    expect(await auditedSeqs(threadId)).toEqual([]);
    const accepted = await append(threadId, ids.doctorAccountId, [attachmentId]);
    expect(accepted?.message).toMatchObject({ seq: 2, attachments: [{ id: attachmentId, mediaType: 'application/pdf', size: 10 }] });
    expect(await auditedSeqs(threadId)).toEqual([2]);
  });

  it('a new message brings a thread the patient archived back to their list; archiving again works', async () => {
    const opened = await open(null);
    const threadId = opened?.thread.id ?? '';
    await threads.setArchived(threadId, true);
    const archivedOnly = { archived: 'true' as const };
    expect((await threads.summaries({ patientId: ids.patientId }, archivedOnly, ids.patientAccountId)).map((t) => t.id)).toContain(threadId);
    const answered = await append(threadId, ids.doctorAccountId);
    expect(answered?.thread.archivedByPatient).toBe(false);
    expect((await threads.thread(threadId, ids.patientAccountId))?.archivedByPatient).toBe(false);
    expect((await threads.summaries({ patientId: ids.patientId }, archivedOnly, ids.patientAccountId)).map((t) => t.id)).not.toContain(threadId);
    await threads.setArchived(threadId, true);
    expect((await threads.summary(threadId, ids.patientAccountId)).archivedByPatient).toBe(true);
  });

  it('reads where the asking account stands with the thread in the same statement, as the access policy’s own query does', async () => {
    const opened = await open(null);
    const threadId = opened?.thread.id ?? '';
    // Another practice's doctor who also treats the patient: no standing with this practice's thread.
    const otherDoctor = await accounts.create({ email: `dr2-${randomUUID()}@exemple.fr`, role: 'PRACTITIONER', displayName: 'Dr Autre', passwordHash: null });
    const otherPractice = await people.createPractice({ name: 'Autre cabinet', addressLine: '2 rue', postcode: '69003', commune: 'Lyon', departement: '69' });
    await people.addMember(otherPractice, otherDoctor.id, 'PRACTITIONER');
    const otherPractitioner = await people.createPractitioner({
      accountId: otherDoctor.id, practiceId: otherPractice, rpps: '10000000002', firstName: 'Autre', lastName: 'Docteur',
      profession: 'Médecin', specialtyCode: 'SM54', specialtyLabel: 'Médecine générale', acceptsNewPatients: true,
    });
    // The patient is treated by this practice's doctor and by the other one.
    await db.prisma.careRelationship.createMany({
      data: [ids.practitionerId, otherPractitioner].map((practitionerId) => ({ patientId: ids.patientId, practitionerId, source: 'DECLARATION' as const })),
    });
    const expected = {
      [ids.patientAccountId]: { isThePatient: true, memberOfPractice: false, patientOfMyPractices: false },
      [ids.doctorAccountId]: { isThePatient: false, memberOfPractice: true, patientOfMyPractices: true },
      [otherDoctor.id]: { isThePatient: false, memberOfPractice: false, patientOfMyPractices: true },
      [randomUUID()]: { isThePatient: false, memberOfPractice: false, patientOfMyPractices: false },
    };
    for (const [accountId, standing] of Object.entries(expected)) {
      expect((await threads.thread(threadId, accountId))?.viewer).toEqual(standing);
      expect(await people.practiceRecordStanding(accountId, { patientId: ids.patientId, practiceId: ids.practiceId })).toEqual(standing);
    }
  });

  it('reads the practice settings with each practitioner’s switch', async () => {
    await threads.setPracticeSettings(ids.practiceId, { weeklyThreadLimit: null, answerDelayDays: 5 });
    await threads.setMessagingEnabled(ids.practitionerId, true);
    expect(await threads.practiceSettings(ids.practiceId)).toEqual({
      practiceId: ids.practiceId,
      practiceName: 'Cabinet',
      weeklyThreadLimit: null,
      answerDelayDays: 5,
      practitioners: [{ practitionerId: ids.practitionerId, accountId: ids.doctorAccountId, displayName: 'Dr Test', messagingEnabled: true }],
    });
    expect(await threads.practiceSettings(randomUUID())).toBeNull();
  });
});

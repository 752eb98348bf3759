import {
  AGENDA_ROUTES,
  MESSAGING_ROUTES,
  MessagingPractitionerView,
  MessagingSettingsView,
  PracticeMemberView,
  ThreadExportView,
  ThreadSummaryView,
  ThreadView,
} from '@passerelle/shared/contracts';
import { decryptText } from '@passerelle/shared/crypto';
import { ApiClient } from '../../../../tools/test/http-client';
import { Cast, castWithKeys, ErrorBody, openedThread } from './messaging-setup';
import { MessagingUser } from './messaging-user';
import { auditCount, createOtherPracticeTreating, withDatabase } from './other-practice';

const R = MESSAGING_ROUTES;

/**
 * What the web UI's practice settings, archive, export and assignment rely
 * on: who may read or change what, malformed input refused, access audited.
 */
describe('messaging settings, archive, export and assignment over HTTP', () => {
  let cast: Cast;
  let clairesKeys: { practitioner: string; practice: string };
  let outsider: MessagingUser; // a practitioner of ANOTHER practice who also treats Jeanne

  const practiceRow = () =>
    withDatabase(async (db) => (await db.query(`SELECT "messagingWeeklyThreadLimit" AS "limit", "messagingAnswerDelayDays" AS delay FROM "Practice" p JOIN "Practitioner" pr ON pr."practiceId" = p.id WHERE pr.id = $1`, [cast.clairesPractitionerId])).rows[0]);

  beforeAll(async () => {
    cast = await castWithKeys();
    const mine = (await cast.jeanne.http.get<MessagingPractitionerView[]>(R.myPractitioners)).body;
    const claire = mine.find((p) => p.practitionerId === cast.clairesPractitionerId);
    if (!claire?.publicKeys) throw new Error('Claire has no keys');
    clairesKeys = claire.publicKeys;
    const other = await createOtherPracticeTreating('jeanne.bernard@exemple.fr');
    outsider = MessagingUser.fromClient(other.client, other.email, other.accountId);
    await outsider.ensureKey();
  }, 180_000);

  describe('practice messaging settings', () => {
    it('every member of the practice reads them, with each practitioner’s switch; nobody else does', async () => {
      for (const member of [cast.claire, cast.sophie]) {
        const read = await member.http.get<MessagingSettingsView>(R.practiceSettings);
        expect(read.status).toBe(200);
        expect(read.body).toMatchObject({ weeklyThreadLimit: null, answerDelayDays: expect.any(Number) });
        expect(read.body.practitioners.map((p) => p.practitionerId).sort()).toEqual([cast.clairesPractitionerId, cast.karimsPractitionerId].sort());
        expect(read.body.practitioners.every((p) => p.messagingEnabled)).toBe(true);
      }
      expect((await cast.jeanne.http.get(R.practiceSettings)).status).toBe(403);
      expect((await new ApiClient().get(R.practiceSettings)).status).toBe(401);
      // Another practice's practitioner sees his own practice only.
      const theirs = await outsider.http.get<MessagingSettingsView>(R.practiceSettings);
      expect(theirs.status).toBe(200);
      expect(theirs.body.practiceName).toBe('Cabinet de la Croix-Rousse');
      expect(theirs.body.practitioners.map((p) => p.practitionerId)).not.toContain(cast.clairesPractitionerId);
    });

    it('the secretary changes the limit and delay, patients see them; malformed values change nothing; audited', async () => {
      const before = await practiceRow();
      const malformed: [string, object][] = [
        ['limit as text', { weeklyThreadLimit: 'trois' }],
        ['limit 0', { weeklyThreadLimit: 0 }],
        ['limit 51', { weeklyThreadLimit: 51 }],
        ['limit 2.5', { weeklyThreadLimit: 2.5 }],
        ['delay 0', { answerDelayDays: 0 }],
        ['delay 31', { answerDelayDays: 31 }],
        ['unknown field', { answerDelayDays: 3, practiceId: cast.clairesPractitionerId }],
      ];
      for (const [label, body] of malformed) {
        const response = await cast.sophie.http.put<ErrorBody>(R.practiceSettings, body);
        expect({ label, status: response.status }).toEqual({ label, status: 400 });
        expect(response.body.message).toMatch(/[a-zé]/);
      }
      expect(await practiceRow()).toEqual(before);
      expect((await cast.jeanne.http.put(R.practiceSettings, { answerDelayDays: 9 })).status).toBe(403);
      expect(await practiceRow()).toEqual(before);

      const audited = await auditCount({ action: 'messaging.settings.update', result: 'SUCCESS', actor: cast.sophie.accountId });
      try {
        expect((await cast.sophie.http.put(R.practiceSettings, { weeklyThreadLimit: 4, answerDelayDays: 5 })).status).toBe(204);
        expect((await cast.claire.http.get<MessagingSettingsView>(R.practiceSettings)).body).toMatchObject({ weeklyThreadLimit: 4, answerDelayDays: 5 });
        const seen = (await cast.jeanne.http.get<MessagingPractitionerView[]>(R.myPractitioners)).body.find((p) => p.practitionerId === cast.clairesPractitionerId);
        expect(seen).toMatchObject({ weeklyThreadLimit: 4, answerDelayDays: 5 });
        expect(await auditCount({ action: 'messaging.settings.update', result: 'SUCCESS', actor: cast.sophie.accountId })).toBe(audited + 1);
      } finally {
        expect((await cast.sophie.http.put(R.practiceSettings, { weeklyThreadLimit: null, answerDelayDays: before.delay })).status).toBe(204);
      }
    });

    it('a practitioner switches their own messaging, seen in the settings; not a colleague’s, not with a malformed id', async () => {
      expect((await cast.claire.http.put<ErrorBody>(R.practitionerEnabled('pas-un-uuid'), { enabled: false })).status).toBe(400);
      expect((await cast.claire.http.put(R.practitionerEnabled(cast.clairesPractitionerId), {})).status).toBe(400);
      expect((await cast.karim.http.put(R.practitionerEnabled(cast.clairesPractitionerId), { enabled: false })).status).toBe(403);
      expect((await outsider.http.put(R.practitionerEnabled(cast.clairesPractitionerId), { enabled: false })).status).toBe(403);
      expect(await auditCount({ action: 'messaging.practitioner.enable', result: 'DENIED', actor: outsider.accountId })).toBeGreaterThan(0);
      try {
        expect((await cast.claire.http.put(R.practitionerEnabled(cast.clairesPractitionerId), { enabled: false })).status).toBe(204);
        const settings = (await cast.sophie.http.get<MessagingSettingsView>(R.practiceSettings)).body;
        expect(settings.practitioners.find((p) => p.practitionerId === cast.clairesPractitionerId)?.messagingEnabled).toBe(false);
        expect(settings.practitioners.find((p) => p.practitionerId === cast.karimsPractitionerId)?.messagingEnabled).toBe(true);
      } finally {
        expect((await cast.claire.http.put(R.practitionerEnabled(cast.clairesPractitionerId), { enabled: true })).status).toBe(204);
      }
    });
  });

  describe('archive', () => {
    it('the patient archives and brings back their own thread; nobody else can; audited; malformed ids refused', async () => {
      const thread = await openedThread(cast.jeanne, cast.clairesPractitionerId, clairesKeys, { text: 'À ranger' }, 'ADMINISTRATIVE');
      const archived = await cast.jeanne.http.post<ThreadSummaryView>(R.threadArchive(thread.id));
      expect(archived.status).toBe(200);
      expect(archived.body.archivedByPatient).toBe(true);
      const listed = async (archivedOnes: boolean) => (await cast.jeanne.http.get<ThreadSummaryView[]>(`${R.threads}?archived=${archivedOnes}`)).body.map((t) => t.id);
      expect(await listed(true)).toContain(thread.id);
      expect(await listed(false)).not.toContain(thread.id);
      // Staff still see it: archiving is the patient's own filing, the record is unchanged.
      expect((await cast.claire.http.get<ThreadSummaryView[]>(R.threads)).body.map((t) => t.id)).toContain(thread.id);

      for (const other of [cast.marie, cast.claire, cast.sophie, outsider]) {
        expect((await other.http.post(R.threadUnarchive(thread.id))).status).toBe(403);
      }
      expect(await auditCount({ action: 'messaging.thread.unarchive', result: 'DENIED', actor: cast.marie.accountId })).toBeGreaterThan(0);
      expect((await cast.jeanne.http.post<ErrorBody>(R.threadUnarchive('pas-un-uuid'))).body.message).toBe('Identifiant de conversation invalide.');
      expect((await cast.jeanne.http.post(R.threadUnarchive('00000000-0000-4000-8000-000000000000'))).status).toBe(404);
      expect(await listed(true)).toContain(thread.id);

      const back = await cast.jeanne.http.post<ThreadSummaryView>(R.threadUnarchive(thread.id));
      expect(back.status).toBe(200);
      expect(back.body.archivedByPatient).toBe(false);
      expect(await listed(false)).toContain(thread.id);
      expect(await auditCount({ action: 'messaging.thread.archive', result: 'SUCCESS', actor: cast.jeanne.accountId })).toBeGreaterThan(0);
      expect(await auditCount({ action: 'messaging.thread.unarchive', result: 'SUCCESS', actor: cast.jeanne.accountId })).toBeGreaterThan(0);
    });

    it('an answer from the practice brings an archived thread back to the patient’s list', async () => {
      const thread = await openedThread(cast.jeanne, cast.clairesPractitionerId, clairesKeys, { text: 'Question' }, 'ADMINISTRATIVE');
      expect((await cast.jeanne.http.post(R.threadArchive(thread.id))).status).toBe(200);
      const keys = MessagingUser.recipientKeys(await cast.claire.recipients(thread.id));
      expect((await cast.claire.http.post(R.threadMessages(thread.id), { body: await cast.claire.encryptTo(keys, { text: 'Réponse' }) })).status).toBe(201);
      const listed = (await cast.jeanne.http.get<ThreadSummaryView[]>(`${R.threads}?archived=false`)).body.find((t) => t.id === thread.id);
      expect(listed).toMatchObject({ archivedByPatient: false, unread: 1 });
    });
  });

  describe('export', () => {
    it('holds every thread of the patient, archived ones too, with the keys to verify every signature; audited', async () => {
      const archived = await openedThread(cast.jeanne, cast.clairesPractitionerId, clairesKeys, { text: 'Archivée puis exportée' }, 'DOCUMENT');
      await cast.jeanne.http.post(R.threadArchive(archived.id));
      const before = await auditCount({ action: 'messaging.export', result: 'SUCCESS', actor: cast.jeanne.accountId });

      const exported = await cast.jeanne.http.get<ThreadExportView>(R.export);
      expect(exported.status).toBe(200);
      const all = (await cast.jeanne.http.get<ThreadSummaryView[]>(R.threads)).body;
      expect(exported.body.threads.map((t) => t.id).sort()).toEqual(all.map((t) => t.id).sort());
      expect(exported.body.threads.find((t) => t.id === archived.id)?.archivedByPatient).toBe(true);
      expect(exported.body.threads.every((t) => t.patientId === archived.patientId)).toBe(true);

      const keyOf = new Map(exported.body.senders.map((s) => [s.accountId, s.publicKey]));
      const messages = exported.body.threads.flatMap((t) => t.messages);
      expect(messages.length).toBeGreaterThan(0);
      for (const message of messages) {
        const sender = keyOf.get(message.senderAccountId);
        expect(sender).toBeDefined();
        const opened = await decryptText(message.body, { decryptionKey: cast.jeanne.key, senders: [sender ?? ''] });
        expect({ seq: message.seq, signature: opened.signature }).toEqual({ seq: message.seq, signature: 'valid' });
      }
      expect(await auditCount({ action: 'messaging.export', result: 'SUCCESS', actor: cast.jeanne.accountId })).toBe(before + 1);
    });

    it('is the patient’s own: practice staff and the anonymous are refused', async () => {
      expect((await cast.sophie.http.get(R.export)).status).toBe(403);
      expect((await outsider.http.get(R.export)).status).toBe(403);
      expect((await new ApiClient().get(R.export)).status).toBe(401);
    });
  });

  describe('assignment to any active member', () => {
    let thread: ThreadView;

    beforeAll(async () => {
      thread = await openedThread(cast.jeanne, cast.clairesPractitionerId, clairesKeys, { text: 'Pour le secrétariat' }, 'ADMINISTRATIVE');
    });

    it('lists the practice’s members to its staff only', async () => {
      const members = await cast.claire.http.get<PracticeMemberView[]>(AGENDA_ROUTES.members);
      expect(members.status).toBe(200);
      expect(members.body.map((m) => m.accountId).sort()).toEqual([cast.claire.accountId, cast.karim.accountId, cast.sophie.accountId].sort());
      expect((await cast.jeanne.http.get(AGENDA_ROUTES.members)).status).toBe(403);
      expect((await outsider.http.get<PracticeMemberView[]>(AGENDA_ROUTES.members)).body.map((m) => m.accountId)).toEqual([outsider.accountId]);
    });

    it('the practitioner assigns to the secretary, the inbox filters by assignee; outsiders and non-members refused', async () => {
      const assigned = await cast.claire.http.post<ThreadSummaryView>(R.threadAssign(thread.id), { accountId: cast.sophie.accountId });
      expect(assigned.status).toBe(200);
      expect(assigned.body.assignedToAccountId).toBe(cast.sophie.accountId);
      const inbox = async (who: MessagingUser, assignedTo: string) => (await who.http.get<ThreadSummaryView[]>(`${R.threads}?assignedTo=${assignedTo}`)).body.map((t) => t.id);
      expect(await inbox(cast.sophie, cast.sophie.accountId)).toContain(thread.id);
      expect(await inbox(cast.sophie, cast.claire.accountId)).not.toContain(thread.id);
      expect(await inbox(cast.sophie, 'none')).not.toContain(thread.id);
      expect((await cast.sophie.http.get<ErrorBody>(`${R.threads}?assignedTo=sophie`)).status).toBe(400);

      const notMember = await cast.claire.http.post<ErrorBody>(R.threadAssign(thread.id), { accountId: outsider.accountId });
      expect(notMember.status).toBe(400);
      expect(notMember.body.message).toBe("Cette personne n'est pas membre du cabinet.");
      expect((await cast.claire.http.post(R.threadAssign(thread.id), { accountId: 'sophie' })).status).toBe(400);
      expect((await cast.jeanne.http.post(R.threadAssign(thread.id), { accountId: null })).status).toBe(403);
      expect((await outsider.http.post(R.threadAssign(thread.id), { accountId: outsider.accountId })).status).toBe(403);
      expect(await auditCount({ action: 'messaging.thread.assign', result: 'DENIED', actor: outsider.accountId })).toBeGreaterThan(0);
      expect((await cast.claire.http.get<ThreadView>(R.thread(thread.id))).body.assignedToAccountId).toBe(cast.sophie.accountId);

      // The secretary hands it on to the other practitioner, then nobody.
      expect((await cast.sophie.http.post<ThreadSummaryView>(R.threadAssign(thread.id), { accountId: cast.karim.accountId })).body.assignedToAccountId).toBe(cast.karim.accountId);
      expect((await cast.sophie.http.post<ThreadSummaryView>(R.threadAssign(thread.id), { accountId: null })).body.assignedToAccountId).toBeNull();
      expect(await inbox(cast.claire, 'none')).toContain(thread.id);
      expect(await auditCount({ action: 'messaging.thread.assign', result: 'SUCCESS', actor: cast.claire.accountId })).toBeGreaterThan(0);
    });
  });
});

import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import * as openpgp from 'openpgp';
import {
  AccountKeyView,
  MESSAGING_ROUTES,
  MessageView,
  MessagingPractitionerView,
  sniffAttachmentType,
  ThreadExportView,
  ThreadRecipientsView,
  ThreadSummaryView,
  ThreadView,
} from '@passerelle/shared/contracts';
import { decryptText, generateKeyPair, protectPrivateKey, unlockPrivateKey } from '@passerelle/shared/crypto';
import { ApiClient } from '../../../../tools/test/http-client';
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from '../../../../tools/test/demo-accounts';
import { Cast, castWithKeys, ErrorBody, openThreadAsPatient } from './messaging-setup';
import { MessagingUser } from './messaging-user';
import { auditCount, createOtherPracticeTreating, withDatabase } from './other-practice';
import { download, samplePdf, upload } from './upload';

const R = MESSAGING_ROUTES;

describe('secure messaging over HTTP', () => {
  let cast: Cast;
  let clairesKeys: { practitioner: string; practice: string };
  let outsider: MessagingUser; // a practitioner of ANOTHER practice who also treats Marie
  let lina: MessagingUser; // a patient nobody at the practice treats

  const threadCount = () => withDatabase(async (db) => Number((await db.query('SELECT count(*) FROM "MessageThread"')).rows[0].count));
  const messageCount = () => withDatabase(async (db) => Number((await db.query('SELECT count(*) FROM "Message"')).rows[0].count));

  beforeAll(async () => {
    cast = await castWithKeys();
    const mine = (await cast.marie.http.get<MessagingPractitionerView[]>(R.myPractitioners)).body;
    const claire = mine.find((p) => p.practitionerId === cast.clairesPractitionerId);
    if (!claire?.publicKeys) throw new Error('Claire has no keys');
    clairesKeys = claire.publicKeys;
    const other = await createOtherPracticeTreating('marie.durand@exemple.fr');
    outsider = MessagingUser.fromClient(other.client, other.email, other.accountId);
    await outsider.ensureKey();
    lina = await MessagingUser.patient('lina.roux@exemple.fr');
    await lina.ensureKey();
  }, 180_000);

  describe('keys', () => {
    it('stores only the browser-protected private key, which the password unlocks', async () => {
      const mine = await cast.marie.http.get<AccountKeyView>(R.myKey);
      expect(mine.status).toBe(200);
      expect(mine.body.protectedPrivateKey.kdf).toBe('PBKDF2-SHA256');
      expect(mine.body.protectedPrivateKey.armoredKey).toContain('BEGIN PGP PRIVATE KEY BLOCK');
      expect((await openpgp.readPrivateKey({ armoredKey: mine.body.protectedPrivateKey.armoredKey })).isDecrypted()).toBe(false);
      expect((await unlockPrivateKey(mine.body.protectedPrivateKey, DEMO_PASSWORD)).fingerprint).toBe(cast.marie.key.fingerprint);
    });

    it('refuses a second key, a private key as public key, an unprotected private key and a key that is not the account’s', async () => {
      const other = await generateKeyPair('autre');
      const protectedOther = await protectPrivateKey(other, DEMO_PASSWORD, 100_000);
      const again = await cast.marie.http.put<ErrorBody>(R.myKey, { publicKey: other.publicKeyArmored, protectedPrivateKey: protectedOther });
      expect(again.status).toBe(409);
      expect(again.body.message).toMatch(/déjà enregistrée/);

      const fresh = new ApiClient();
      await fresh.loginAs('hugo.morel@exemple.fr', DEMO_PASSWORD);
      const privateAsPublic = await fresh.put<ErrorBody>(R.myKey, { publicKey: other.key.armor(), protectedPrivateKey: protectedOther });
      expect(privateAsPublic.status).toBe(400);
      const unprotected = await fresh.put<ErrorBody>(R.myKey, {
        publicKey: other.publicKeyArmored,
        protectedPrivateKey: { ...protectedOther, armoredKey: other.key.armor() },
      });
      expect(unprotected.status).toBe(400);
      expect(unprotected.body.message).toMatch(/chiffrée/);
      const mismatch = await fresh.put<ErrorBody>(R.myKey, {
        publicKey: (await generateKeyPair('x')).publicKeyArmored,
        protectedPrivateKey: protectedOther,
      });
      expect(mismatch.status).toBe(400);
      expect(mismatch.body.message).toBe('La clé privée ne correspond pas à la clé publique du compte.');
      const malformed = await fresh.put<ErrorBody>(R.myKey, { publicKey: 'bonjour', protectedPrivateKey: { version: 2 } });
      expect(malformed.status).toBe(400);
      expect((await fresh.get(R.myKey)).status).toBe(404);
    });

    it('changes a key protection only with the password (see account-keys.e2e-spec.ts): a lone PUT is refused', async () => {
      const lone = await cast.jeanne.http.put<ErrorBody>(R.myKeyProtection, {
        protectedPrivateKey: await protectPrivateKey(cast.jeanne.key, 'Nouveau-Mot-de-passe-2026!', 100_000),
      });
      expect(lone.status).toBe(409);
      const stored = (await cast.jeanne.http.get<AccountKeyView>(R.myKey)).body;
      expect((await unlockPrivateKey(stored.protectedPrivateKey, DEMO_PASSWORD)).fingerprint).toBe(cast.jeanne.key.fingerprint);
    });

    it('shares the practice key with every member, encrypted to each; nobody else gets it', async () => {
      expect(cast.sophie.practiceKey?.fingerprint).toBe(cast.claire.practiceKey?.fingerprint);
      expect(cast.karim.practiceKey?.fingerprint).toBe(cast.claire.practiceKey?.fingerprint);
      expect((await cast.marie.http.get(R.practiceKey)).status).toBe(403);
      const outsiders = await outsider.http.get<ErrorBody>(R.practiceKey);
      expect(outsiders.status).toBe(404); // his own practice has none; ours is not his
      const wrongCopy = await cast.claire.http.post<ErrorBody>(R.practiceKeyCopies, {
        copies: [{ accountId: outsider.accountId, encryptedPrivateKey: Buffer.from('abc').toString('base64') }],
      });
      expect(wrongCopy.status).toBe(400);
    });
  });

  describe('who may write to whom', () => {
    it('a patient nobody here treats sees no practitioner and is refused, nothing written', async () => {
      expect((await lina.http.get<MessagingPractitionerView[]>(R.myPractitioners)).body).toEqual([]);
      const before = await threadCount();
      const refused = await openThreadAsPatient(lina, cast.clairesPractitionerId, clairesKeys, { text: 'Bonjour' });
      expect(refused.status).toBe(403);
      expect((refused.body as unknown as ErrorBody).code).toBe('MESSAGING_NOT_ALLOWED');
      expect((refused.body as unknown as ErrorBody).message).toMatch(/déjà reçu en consultation/);
      expect(await threadCount()).toBe(before);
      expect(await auditCount({ action: 'messaging.thread.open', result: 'DENIED', actor: lina.accountId })).toBeGreaterThan(0);
    });

    it('a practitioner who disabled messaging cannot be written to; only that practitioner switches it', async () => {
      const byOther = await cast.claire.http.put<ErrorBody>(R.practitionerEnabled(cast.karimsPractitionerId), { enabled: false });
      expect(byOther.status).toBe(403);
      expect((await cast.sophie.http.put(R.practitionerEnabled(cast.karimsPractitionerId), { enabled: false })).status).toBe(403);
      expect((await cast.karim.http.put(R.practitionerEnabled(cast.karimsPractitionerId), { enabled: 'non' })).status).toBe(400);
      expect((await cast.karim.http.put(R.practitionerEnabled(cast.karimsPractitionerId), { enabled: false })).status).toBe(204);
      try {
        const listed = (await cast.marie.http.get<MessagingPractitionerView[]>(R.myPractitioners)).body.find((p) => p.practitionerId === cast.karimsPractitionerId);
        expect(listed).toMatchObject({ canOpenThread: false, refusal: "Ce praticien n'a pas activé la messagerie." });
        const keys = listed?.publicKeys ?? { practitioner: '', practice: '' };
        const refused = await openThreadAsPatient(cast.marie, cast.karimsPractitionerId, keys, { text: 'Bonjour' });
        expect(refused.status).toBe(403);
      } finally {
        expect((await cast.karim.http.put(R.practitionerEnabled(cast.karimsPractitionerId), { enabled: true })).status).toBe(204);
      }
    });

    it('a patient without a key yet is told to activate secure messaging', async () => {
      const hugo = new ApiClient();
      await hugo.loginAs('hugo.morel@exemple.fr', DEMO_PASSWORD);
      const listed = (await hugo.get<MessagingPractitionerView[]>(R.myPractitioners)).body;
      expect(listed[0]).toMatchObject({ canOpenThread: false });
      expect(listed[0].refusal).toMatch(/Activez d'abord votre messagerie/);
    });

    it('the practice limits new threads per patient per week, and shows its usual answer delay', async () => {
      expect((await cast.marie.http.put(R.practiceSettings, { weeklyThreadLimit: 2 })).status).toBe(403);
      expect((await cast.sophie.http.put(R.practiceSettings, { weeklyThreadLimit: 0 })).status).toBe(400);
      expect((await cast.sophie.http.put(R.practiceSettings, { weeklyThreadLimit: 2, answerDelayDays: 3 })).status).toBe(204);
      try {
        const listed = (await cast.jeanne.http.get<MessagingPractitionerView[]>(R.myPractitioners)).body[0];
        expect(listed).toMatchObject({ weeklyThreadLimit: 2, answerDelayDays: 3 });
        const opened = listed.threadsOpenedThisWeek;
        for (let i = opened; i < 2; i++) {
          expect((await openThreadAsPatient(cast.jeanne, cast.clairesPractitionerId, clairesKeys, { text: `Demande ${i}` }, 'ADMINISTRATIVE')).status).toBe(201);
        }
        const third = await openThreadAsPatient(cast.jeanne, cast.clairesPractitionerId, clairesKeys, { text: 'Encore une' }, 'ADMINISTRATIVE');
        expect(third.status).toBe(429);
        expect((third.body as unknown as ErrorBody).code).toBe('THREAD_LIMIT_REACHED');
        expect((third.body as unknown as ErrorBody).message).toMatch(/limite de 2 nouvelles conversations par semaine/);
      } finally {
        expect((await cast.sophie.http.put(R.practiceSettings, { weeklyThreadLimit: null, answerDelayDays: 2 })).status).toBe(204);
      }
    });

    it('practice staff start a thread with any of their patients, not with others', async () => {
      const jeannesId = (await cast.jeanne.http.get<{ id: string }>('/api/patients/me')).body.id;
      const keys = (await cast.sophie.http.get<{ patient: string; practice: string }>(R.patientKeys(jeannesId))).body;
      const body = await cast.sophie.encryptTo([keys.patient, clairesKeys.practitioner, keys.practice], { text: 'Votre carte Vitale ?' });
      const opened = await cast.sophie.http.post<ThreadView>(R.threads, { practitionerId: cast.clairesPractitionerId, patientId: jeannesId, purpose: 'ADMINISTRATIVE', body });
      expect(opened.status).toBe(201);
      expect(opened.body.messages.map((m) => m.seq)).toEqual([1]);

      const linasId = (await lina.http.get<{ id: string }>('/api/patients/me')).body.id;
      expect((await cast.sophie.http.get(R.patientKeys(linasId))).status).toBe(403);
      const refused = await cast.sophie.http.post<ErrorBody>(R.threads, { practitionerId: cast.clairesPractitionerId, patientId: linasId, purpose: 'ADMINISTRATIVE', body });
      expect(refused.status).toBe(403);
      const missingPatient = await cast.sophie.http.post<ErrorBody>(R.threads, { practitionerId: cast.clairesPractitionerId, purpose: 'ADMINISTRATIVE', body });
      expect(missingPatient.status).toBe(400);
      expect(missingPatient.body.message).toBe('Choisissez le patient.');
    });

    it('answers malformed requests with a French 400 and writes nothing', async () => {
      const before = await threadCount();
      const cases = [
        { practitionerId: 'pas-un-uuid', purpose: 'RENEWAL', body: 'x' },
        { practitionerId: cast.clairesPractitionerId, purpose: 'CONSULTATION', body: 'x' },
        { practitionerId: cast.clairesPractitionerId, purpose: 'RENEWAL' },
        { practitionerId: cast.clairesPractitionerId, purpose: 'RENEWAL', body: 'x', inconnu: 1 },
      ];
      for (const payload of cases) {
        const response = await cast.marie.http.post<ErrorBody>(R.threads, payload);
        expect(response.status).toBe(400);
        expect(response.body.message).toMatch(/[a-zé]/);
      }
      expect((await cast.marie.http.get<ErrorBody>(R.thread('pas-un-uuid'))).body.message).toBe('Identifiant de conversation invalide.');
      expect(await threadCount()).toBe(before);
    });
  });

  describe('the server accepts only ciphertext to exactly the three recipients', () => {
    it('refuses plaintext, garbage, a missing or an extra recipient, a passphrase — nothing written', async () => {
      const stranger = await generateKeyPair('inconnu');
      const own = cast.marie.key.publicKeyArmored;
      const bodies: [string, string][] = [
        ['plaintext', 'Bonjour docteur, renouvellement Levothyrox'],
        ['garbage armor', '-----BEGIN PGP MESSAGE-----\n\nAAAA\n-----END PGP MESSAGE-----\n'],
        ['no practice key', await cast.marie.encryptTo([own, clairesKeys.practitioner], { text: 'x' })],
        ['no practitioner key', await cast.marie.encryptTo([own, clairesKeys.practice], { text: 'x' })],
        ['not to the patient', await cast.marie.encryptTo([clairesKeys.practitioner, clairesKeys.practice], { text: 'x' })],
        ['an extra recipient', await cast.marie.encryptTo([own, clairesKeys.practitioner, clairesKeys.practice, stranger.publicKeyArmored], { text: 'x' })],
        ['a passphrase', (await openpgp.encrypt({ message: await openpgp.createMessage({ text: 'x' }), passwords: ['1234'] })) as string],
        ['signed only', (await openpgp.sign({ message: await openpgp.createMessage({ text: 'x' }), signingKeys: cast.marie.key.key })) as string],
      ];
      const threadsBefore = await threadCount();
      const messagesBefore = await messageCount();
      for (const [label, body] of bodies) {
        const response = await cast.marie.http.post<ErrorBody>(R.threads, { practitionerId: cast.clairesPractitionerId, purpose: 'RENEWAL', body });
        expect({ label, status: response.status, code: response.body.code }).toEqual({ label, status: 400, code: 'INVALID_ENCRYPTED_CONTENT' });
        expect(response.body.message).toMatch(/refusé/);
      }
      // Same check on a reply in an existing thread.
      const thread = (await openThreadAsPatient(cast.marie, cast.clairesPractitionerId, clairesKeys, { text: 'Question' }, 'ADMINISTRATIVE')).body;
      for (const [label, body] of bodies) {
        const response = await cast.marie.http.post<ErrorBody>(R.threadMessages(thread.id), { body });
        expect({ label, status: response.status }).toEqual({ label, status: 400 });
      }
      expect(await threadCount()).toBe(threadsBefore + 1);
      expect(await messageCount()).toBe(messagesBefore + 1);
    });
  });

  describe('a renewal, end to end', () => {
    let thread: ThreadView;
    let recipients: ThreadRecipientsView;

    it('the patient asks, the practitioner reads it signed, renews with a PDF, the patient opens it', async () => {
      const request = { text: 'Bonjour Docteur, pouvez-vous renouveler mon traitement ?', medicines: [{ name: 'Levothyrox', dosage: '75 µg' }] };
      const opened = await openThreadAsPatient(cast.marie, cast.clairesPractitionerId, clairesKeys, request);
      expect(opened.status).toBe(201);
      thread = opened.body;
      expect(thread).toMatchObject({ purpose: 'RENEWAL', state: 'OPEN', lastSeq: 1 });
      recipients = await cast.claire.recipients(thread.id);
      const senders = recipients.senders.map((s) => s.publicKey);

      const seen = (await cast.claire.http.get<ThreadView>(R.thread(thread.id))).body;
      const first = await cast.claire.read(seen.messages[0], senders);
      expect(first.signature).toBe('valid');
      expect(first.body).toEqual(request);
      // The practice key alone reads it too (the secretary, years later).
      if (!cast.sophie.practiceKey) throw new Error('the secretary has no practice key');
      const viaPractice = await decryptText(seen.messages[0].body, { decryptionKey: cast.sophie.practiceKey, senders });
      expect(JSON.parse(viaPractice.data)).toEqual(request);

      const keys = MessagingUser.recipientKeys(recipients);
      const pdf = samplePdf('ordonnance renouvelée');
      const uploaded = await upload(cast.claire, thread.id, 'application/pdf', await cast.claire.encryptFileTo(keys, pdf));
      expect(uploaded.status).toBe(201);
      const renewed = await cast.claire.http.post<MessageView>(R.threadRenew(thread.id), {
        body: await cast.claire.encryptTo(keys, { text: 'Ordonnance renouvelée pour 3 mois.' }),
        attachmentIds: [uploaded.body.id],
      });
      expect(renewed.status).toBe(201);
      expect(renewed.body).toMatchObject({ seq: 2, kind: 'RENEWED', attachments: [{ id: uploaded.body.id, mediaType: 'application/pdf' }] });

      const mine = (await cast.marie.http.get<ThreadView>(R.thread(thread.id))).body;
      expect(mine.state).toBe('CLOSED');
      expect(mine.messages.map((m) => m.seq)).toEqual([1, 2]);
      const reply = await cast.marie.read(mine.messages[1], senders);
      expect(reply).toMatchObject({ signature: 'valid', body: { text: 'Ordonnance renouvelée pour 3 mois.' } });
      const file = await download(cast.marie, uploaded.body.id);
      expect(file.status).toBe(200);
      expect(file.headers.get('content-disposition')).toBe(`attachment; filename="piece-jointe-${uploaded.body.id}.pgp"`);
      const decrypted = await cast.marie.readFile(file.bytes, senders);
      expect(decrypted.signature).toBe('valid');
      expect(sniffAttachmentType(decrypted.data)).toBe('application/pdf');
      expect(Buffer.from(decrypted.data).equals(Buffer.from(pdf))).toBe(true);
      expect(await auditCount({ action: 'messaging.attachment.download', result: 'SUCCESS', actor: cast.marie.accountId })).toBeGreaterThan(0);
      expect(await auditCount({ action: 'messaging.thread.read', result: 'SUCCESS', actor: cast.claire.accountId })).toBeGreaterThan(0);
    });

    it('a closed thread takes no more messages', async () => {
      const body = await cast.marie.encryptTo(MessagingUser.recipientKeys(recipients), { text: 'Merci !' });
      const refused = await cast.marie.http.post<ErrorBody>(R.threadMessages(thread.id), { body });
      expect(refused.status).toBe(409);
      expect(refused.body.message).toMatch(/close/);
    });

    it('only the thread’s practitioner renews or refuses; a secretary triages, asks to book, closes', async () => {
      const opened = (await openThreadAsPatient(cast.marie, cast.clairesPractitionerId, clairesKeys, { text: 'Renouvellement Kardégic', medicines: [{ name: 'Kardégic' }] })).body;
      const keys = MessagingUser.recipientKeys(await cast.sophie.recipients(opened.id));
      const body = await cast.sophie.encryptTo(keys, { text: 'x' });
      expect((await cast.sophie.http.post(R.threadRenew(opened.id), { body })).status).toBe(403);
      expect((await cast.sophie.http.post(R.threadRefuse(opened.id), { body })).status).toBe(403);
      expect((await cast.karim.http.post<ErrorBody>(R.threadRenew(opened.id), { body: await cast.karim.encryptTo(keys, { text: 'x' }) })).status).toBe(403);
      expect((await cast.marie.http.post(R.threadRenew(opened.id), { body })).status).toBe(403);
      const secretaryAnswer = await cast.sophie.http.post<ErrorBody>(R.threadMessages(opened.id), { body });
      expect(secretaryAnswer.status).toBe(403);
      expect(secretaryAnswer.body.message).toMatch(/Seul le praticien répond/);
      const noPdf = await cast.claire.http.post<ErrorBody>(R.threadRenew(opened.id), { body: await cast.claire.encryptTo(keys, { text: 'x' }) });
      expect(noPdf.status).toBe(400);

      const assigned = await cast.sophie.http.post<ThreadSummaryView>(R.threadAssign(opened.id), { accountId: cast.sophie.accountId });
      expect(assigned.status).toBe(200);
      expect(assigned.body.assignedToAccountId).toBe(cast.sophie.accountId);
      expect((await cast.sophie.http.post(R.threadAssign(opened.id), { accountId: lina.accountId })).status).toBe(400);
      expect((await cast.marie.http.post(R.threadAssign(opened.id), { accountId: null })).status).toBe(403);
      const filtered = (await cast.claire.http.get<ThreadSummaryView[]>(`${R.threads}?assignedTo=${cast.sophie.accountId}&purpose=RENEWAL&state=OPEN`)).body;
      expect(filtered.map((t) => t.id)).toContain(opened.id);
      const byName = (await cast.claire.http.get<ThreadSummaryView[]>(`${R.threads}?q=durand`)).body;
      expect(byName.length).toBeGreaterThan(0);
      expect(byName.every((t) => t.patientId === opened.patientId)).toBe(true);
      expect((await cast.claire.http.get(`${R.threads}?state=FERME`)).status).toBe(400);

      const ask = await cast.sophie.http.post<MessageView>(R.threadAskToBook(opened.id), { body: await cast.sophie.encryptTo(keys, { text: 'Prenez rendez-vous', bookingUrl: '/praticiens/x' }) });
      expect(ask.status).toBe(201);
      expect((await cast.marie.http.get<ThreadView>(R.thread(opened.id))).body.state).toBe('WAITING_FOR_PATIENT');
      const answer = await cast.marie.http.post<MessageView>(R.threadMessages(opened.id), { body: await cast.marie.encryptTo(keys, { text: "D'accord" }) });
      expect(answer.body.seq).toBe(3);
      expect((await cast.claire.http.get<ThreadView>(R.thread(opened.id))).body.state).toBe('OPEN');
      const refused = await cast.claire.http.post<MessageView>(R.threadRefuse(opened.id), { body: await cast.claire.encryptTo(keys, { text: 'Non', reason: 'Consultation nécessaire' }) });
      expect(refused.body).toMatchObject({ kind: 'REFUSED', seq: 4 });
      expect((await cast.claire.http.post(R.threadClose(opened.id), { body: await cast.claire.encryptTo(keys, { text: 'x' }) })).status).toBe(409);
    });

    it('unread counts follow read receipts', async () => {
      const opened = (await openThreadAsPatient(cast.marie, cast.clairesPractitionerId, clairesKeys, { text: 'Question' }, 'DOCUMENT')).body;
      const unread = (await cast.claire.http.get<ThreadSummaryView[]>(R.threads)).body.find((t) => t.id === opened.id);
      expect(unread?.unread).toBe(1);
      expect((await cast.claire.http.post(R.threadRead(opened.id), { seq: 5 })).status).toBe(400);
      expect((await cast.claire.http.post(R.threadRead(opened.id), { seq: 1 })).status).toBe(204);
      expect((await cast.claire.http.get<ThreadSummaryView[]>(R.threads)).body.find((t) => t.id === opened.id)?.unread).toBe(0);
      expect((await cast.marie.http.get<ThreadView>(R.thread(opened.id))).body.readReceipts.map((r) => r.accountId)).toContain(cast.claire.accountId);
    });
  });

  describe("nobody reads or writes someone else's thread", () => {
    let thread: ThreadView;
    let attachmentId: string;
    let keys: string[];

    beforeAll(async () => {
      thread = (await openThreadAsPatient(cast.marie, cast.clairesPractitionerId, clairesKeys, { text: 'Privé' }, 'DOCUMENT')).body;
      keys = MessagingUser.recipientKeys(await cast.marie.recipients(thread.id));
      const uploaded = await upload(cast.marie, thread.id, 'application/pdf', await cast.marie.encryptFileTo(keys, samplePdf('analyse')));
      attachmentId = uploaded.body.id;
      await cast.marie.http.post(R.threadMessages(thread.id), { body: await cast.marie.encryptTo(keys, { text: 'ci-joint' }), attachmentIds: [attachmentId] });
    });

    it('another patient, and a practitioner of another practice who also treats her, get 403 on every endpoint, audited', async () => {
      for (const intruder of [cast.jeanne, outsider]) {
        const body = await intruder.encryptTo(keys, { text: 'intrusion' });
        const calls: [string, () => Promise<{ status: number }>][] = [
          ['read', () => intruder.http.get(R.thread(thread.id))],
          ['recipients', () => intruder.http.get(R.threadRecipients(thread.id))],
          ['write', () => intruder.http.post(R.threadMessages(thread.id), { body })],
          ['mark read', () => intruder.http.post(R.threadRead(thread.id), { seq: 1 })],
          ['upload', () => upload(intruder, thread.id, 'application/pdf', new Uint8Array([1, 2, 3]))],
          ['download', () => download(intruder, attachmentId)],
        ];
        if (intruder === cast.jeanne) {
          calls.push(['archive', () => intruder.http.post(R.threadArchive(thread.id))]);
        } else {
          calls.push(
            ['assign', () => intruder.http.post(R.threadAssign(thread.id), { accountId: null })],
            ['close', () => intruder.http.post(R.threadClose(thread.id), { body })],
            ['ask to book', () => intruder.http.post(R.threadAskToBook(thread.id), { body })],
            ['renew', () => intruder.http.post(R.threadRenew(thread.id), { body, attachmentIds: [attachmentId] })],
            ['refuse', () => intruder.http.post(R.threadRefuse(thread.id), { body })],
          );
        }
        for (const [label, call] of calls) {
          expect({ label, status: (await call()).status }).toEqual({ label, status: 403 });
        }
        const listed = (await intruder.http.get<ThreadSummaryView[]>(R.threads)).body;
        expect(listed.map((t) => t.id)).not.toContain(thread.id);
        expect(await auditCount({ action: 'messaging.thread.read', result: 'DENIED', actor: intruder.accountId })).toBeGreaterThan(0);
      }
      const unchanged = (await cast.marie.http.get<ThreadView>(R.thread(thread.id))).body;
      expect(unchanged.messages).toHaveLength(2);
    });

    it('regulators and administrators have no access to messaging at all', async () => {
      const regulator = new ApiClient();
      await regulator.loginAsDemo(DEMO_ACCOUNTS.regulator);
      for (const path of [R.threads, R.thread(thread.id), R.myKey, R.attachment(attachmentId)]) {
        expect((await regulator.get(path)).status).toBe(403);
      }
      expect((await new ApiClient().get(R.thread(thread.id))).status).toBe(401);
    });

    it('an attachment not yet sent is visible to its uploader only', async () => {
      const pending = await upload(cast.marie, thread.id, 'image/png', await cast.marie.encryptFileTo(keys, new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])));
      expect(pending.status).toBe(201);
      expect((await download(cast.claire, pending.body.id)).status).toBe(404);
      expect((await download(cast.marie, pending.body.id)).status).toBe(200);
      // Someone else's upload cannot be attached to my message.
      const stolen = await cast.claire.http.post<ErrorBody>(R.threadMessages(thread.id), { body: await cast.claire.encryptTo(keys, { text: 'x' }), attachmentIds: [pending.body.id] });
      expect(stolen.status).toBe(400);
    });
  });

  describe('attachments', () => {
    let thread: ThreadView;
    let keys: string[];
    const filesInStore = () => {
      const dir = join(process.env['PASSERELLE_E2E_DATA_DIR'] ?? '', 'files', 'messaging');
      try {
        return readdirSync(dir).length;
      } catch {
        return 0;
      }
    };

    beforeAll(async () => {
      thread = (await openThreadAsPatient(cast.marie, cast.clairesPractitionerId, clairesKeys, { text: 'Photo' }, 'DOCUMENT')).body;
      keys = MessagingUser.recipientKeys(await cast.marie.recipients(thread.id));
    });

    it('refuses other types (415), plaintext and wrong recipients (400), and keeps no file', async () => {
      const before = filesInStore();
      const encrypted = await cast.marie.encryptFileTo(keys, samplePdf('x'));
      for (const type of [null, 'image/gif', 'application/x-msdownload', 'text/html']) {
        const response = await upload(cast.marie, thread.id, type, encrypted);
        expect({ type, status: response.status }).toEqual({ type, status: 415 });
        expect(response.body.message).toBe('Formats acceptés : PDF, JPEG ou PNG.');
      }
      const plaintext = await upload(cast.marie, thread.id, 'application/pdf', samplePdf('en clair'));
      expect(plaintext.status).toBe(400);
      expect(plaintext.body.code).toBe('INVALID_ENCRYPTED_CONTENT');
      const stranger = await generateKeyPair('inconnu');
      const wrong = await upload(cast.marie, thread.id, 'application/pdf', await cast.marie.encryptFileTo([keys[0], keys[1], stranger.publicKeyArmored], samplePdf('x')));
      expect(wrong.status).toBe(400);
      expect(filesInStore()).toBe(before);
    });

    it('refuses more than 50 MB streamed (413) and removes the partial file', async () => {
      const before = filesInStore();
      async function* tooBig() {
        const chunk = new Uint8Array(1024 * 1024);
        for (let i = 0; i < 52; i++) yield chunk;
      }
      const response = await upload(cast.marie, thread.id, 'application/pdf', tooBig());
      expect(response.status).toBe(413);
      expect(response.body.message).toBe('La pièce jointe dépasse 50 Mo.');
      expect(filesInStore()).toBe(before);
    }, 60_000);

    it('accepts a 10 MB encrypted image streamed, stored under a random name', async () => {
      const image = new Uint8Array(10 * 1024 * 1024);
      image.set([0xff, 0xd8, 0xff, 0xe0]);
      const response = await upload(cast.marie, thread.id, 'image/jpeg', await cast.marie.encryptFileTo(keys, image));
      expect(response.status).toBe(201);
      expect(response.body.size).toBeGreaterThan(image.length);
      const names = readdirSync(join(process.env['PASSERELLE_E2E_DATA_DIR'] ?? '', 'files', 'messaging'));
      expect(names.every((n) => /^[0-9a-f]{48}$/.test(n))).toBe(true);
    }, 60_000);
  });

  describe('record and rights', () => {
    it('a patient archives a thread but cannot delete it; the database refuses deletion', async () => {
      const thread = (await openThreadAsPatient(cast.marie, cast.clairesPractitionerId, clairesKeys, { text: 'À archiver' }, 'ADMINISTRATIVE')).body;
      expect((await cast.marie.http.post<ThreadSummaryView>(R.threadArchive(thread.id))).body.archivedByPatient).toBe(true);
      expect((await cast.marie.http.get<ThreadSummaryView[]>(`${R.threads}?archived=true`)).body.map((t) => t.id)).toContain(thread.id);
      expect((await cast.marie.http.get<ThreadSummaryView[]>(`${R.threads}?archived=false`)).body.map((t) => t.id)).not.toContain(thread.id);
      expect((await cast.claire.http.post(R.threadArchive(thread.id))).status).toBe(403);
      expect((await cast.marie.http.delete(R.thread(thread.id))).status).toBe(404);
      await withDatabase(async (db) => {
        await expect(db.query('DELETE FROM "Message" WHERE "threadId" = $1', [thread.id])).rejects.toThrow(/medical record/);
        await expect(db.query('DELETE FROM "MessageThread" WHERE id = $1', [thread.id])).rejects.toThrow(/medical record/);
        await expect(db.query(`UPDATE "Message" SET body = 'x' WHERE "threadId" = $1`, [thread.id])).rejects.toThrow(/medical record/);
      });
    });

    it('a patient exports all their threads as ciphertext they decrypt themselves; audited', async () => {
      const exported = await cast.marie.http.get<ThreadExportView>(R.export);
      expect(exported.status).toBe(200);
      const listed = (await cast.marie.http.get<ThreadSummaryView[]>(R.threads)).body;
      expect(exported.body.threads.map((t) => t.id).sort()).toEqual(listed.map((t) => t.id).sort());
      const first = exported.body.threads[0];
      const senders = (await cast.marie.recipients(first.id)).senders.map((s) => s.publicKey);
      expect((await cast.marie.read(first.messages[0], senders)).body.text).toBeTruthy();
      expect((await cast.claire.http.get(R.export)).status).toBe(403);
      expect(await auditCount({ action: 'messaging.export', result: 'SUCCESS', actor: cast.marie.accountId })).toBe(1);
    });

    it('neither the database nor the file store holds any plaintext that was sent', async () => {
      const marker = `Texte-témoin-${Date.now()}-jamais-en-clair`;
      const thread = (await openThreadAsPatient(cast.marie, cast.clairesPractitionerId, clairesKeys, { text: marker, medicines: [{ name: `${marker}-médicament` }] })).body;
      const keys = MessagingUser.recipientKeys(await cast.marie.recipients(thread.id));
      const uploaded = await upload(cast.marie, thread.id, 'application/pdf', await cast.marie.encryptFileTo(keys, samplePdf(marker)));
      await cast.marie.http.post(R.threadMessages(thread.id), { body: await cast.marie.encryptTo(keys, { text: marker }), attachmentIds: [uploaded.body.id] });
      // Sanity: the marker is readable through the API by a recipient (so the search below is meaningful).
      const seen = (await cast.claire.http.get<ThreadView>(R.thread(thread.id))).body;
      expect((await cast.claire.read(seen.messages[1], [cast.marie.key.publicKeyArmored])).body.text).toBe(marker);

      const hits = await withDatabase(async (db) => {
        const tables = (await db.query(`SELECT tablename FROM pg_tables WHERE schemaname = 'public'`)).rows.map((r) => r.tablename as string);
        const found: string[] = [];
        for (const table of tables) {
          const rows = await db.query(`SELECT t::text AS row FROM "${table}" t WHERE t::text ILIKE $1`, [`%${marker}%`]);
          if (rows.rowCount) found.push(table);
        }
        return found;
      });
      expect(hits).toEqual([]);

      const needle = Buffer.from(marker);
      const walk = (dir: string): string[] =>
        readdirSync(dir).flatMap((name) => {
          const path = join(dir, name);
          return statSync(path).isDirectory() ? walk(path) : [path];
        });
      const files = walk(process.env['PASSERELLE_E2E_DATA_DIR'] ?? '');
      expect(files.length).toBeGreaterThan(0);
      expect(files.filter((file) => readFileSync(file).includes(needle))).toEqual([]);
    });
  });
});

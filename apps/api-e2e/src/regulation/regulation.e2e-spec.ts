import { randomUUID } from 'node:crypto';
import { ApiClient } from '../../../../tools/test/http-client';
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from '../../../../tools/test/demo-accounts';
import type { SasAppointmentChange } from '@passerelle/shared/contracts';
import { connected, socketFor, waitFor } from '../messaging/messaging-user';
import { SAS_ATTACHMENT_MAX_ENCRYPTED_BYTES } from '@passerelle/shared/contracts';
import { decryptFile, generateKeyPair } from '@passerelle/shared/crypto';
import { MessagingUser } from '../messaging/messaging-user';
import {
  downloadBytes,
  encryptedFor,
  EXE_BYTES,
  extraRegulators,
  keylessPractitioner,
  otherPracticeSecretary,
  parisHour,
  PDF_BYTES,
  PNG_BYTES,
  storedAttachmentFiles,
  upload,
  withDatabase,
} from './regulation-support';

/**
 * The SAS regulator journey over HTTP (issue 4 §2–4): slot search, booking
 * funnel with every bad input refused in French and nothing written,
 * attachments end-to-end encrypted to the practice key (checked from their
 * OpenPGP header, streamed, decrypted by the practice), idempotency key, the race,
 * the regulator's bookings and the practice's view — and every route refused
 * to the wrong role and the wrong regulator.
 *
 * Dr Benali (cardiology, Lyon 69, no new patients) is the practitioner here:
 * the agenda e2e tests use Dr Martin. His hours become 8:00–20:00 every day,
 * with "Soins non programmés" on 8:00–14:00 only, so the SAS may book the
 * mornings and not the afternoons (existing patients only).
 */
interface Slot { start: string; end: string; snp: boolean; consultationTypes: string[] }
interface Card { practitionerId: string; displayName: string; sasParticipation: boolean; tier: string; slots: Slot[] }
interface SearchResult { cards: Card[]; from: string; to: string; seed: number; hasMore: boolean }
interface Motif { id: string; label: string; isSnp: boolean }
interface Funnel { suggestedMotifId: string | null; motifsForNewPatients: Motif[]; motifsForExistingPatients: Motif[]; extraIdentityFields: string[]; slot: Slot }
interface Attachment { id: string; fileName: string; mediaType: string; sizeBytes: number; encrypted: boolean }
interface Booking {
  id: string;
  appointment: { id: string; start: string; status: string; channel: string; bookedBy: string | null; patientName: string };
  regulator: { displayName: string };
  patient: { id: string; firstName: string; lastName: string; birthName: string; birthDate: string; phone: string; identityStatus: string; birthPlaceInsee: string | null };
  message: string | null;
  attachments: Attachment[];
}
interface ErrorBody { code: string; message: string; fields?: Record<string, string[]>; alternatives?: { start: string; visibility: string[] }[] }

const HOUR = 3_600_000;

const patient = (overrides: Record<string, unknown> = {}) => ({
  civility: 'MME',
  firstName: 'Marie',
  lastName: 'Durand',
  birthName: 'Durand',
  birthDate: '1952-11-21',
  phone: '06 45 37 26 53',
  birthPlace: { bornInFrance: true, communeInsee: '69123' },
  ...overrides,
});

describe('SAS regulation over HTTP', () => {
  let regulator: ApiClient;
  let otherRegulator: ApiClient;
  let practitioner: ApiClient;
  let secretary: ApiClient;
  let patientClient: ApiClient;
  let anonymous: ApiClient;
  let benaliId: string;
  let snpMotifId: string;
  let followUpMotifId: string;
  /** Morning slots (SNP) of the next 48 h, as the search returned them. */
  let snpSlots: Slot[];
  /** The demo practice's public key (the demo seed creates it, as a practitioner's first visit to the messaging would). */
  let practiceKey: string;

  const search = (query: string, client = regulator) => client.get<SearchResult>(`/api/regulation/slots?${query}`);
  const book = (body: Record<string, unknown>, key: string | null = randomUUID(), client = regulator) =>
    client.post<Booking & ErrorBody>('/api/regulation/bookings', body, { headers: key ? { 'Idempotency-Key': key } : {} });
  const bookingBody = (slot: Slot, overrides: Record<string, unknown> = {}) => ({
    practitionerId: benaliId, start: slot.start, consultationType: 'CABINET', alreadyConsulted: false, motifId: snpMotifId, patient: patient(), ...overrides,
  });
  const benaliCard = async (query = 'specialty=SM04&place=69') => (await search(query)).body.cards.find((c) => c.practitionerId === benaliId);
  const bookingCount = () => withDatabase(async (db) => Number((await db.query(`SELECT count(*) FROM "SasBooking"`)).rows[0].count));
  const appointmentAt = (start: string) =>
    withDatabase(async (db) => Number((await db.query(`SELECT count(*) FROM "Appointment" WHERE "practitionerId" = $1 AND "startsAt" = $2 AND status <> 'CANCELLED'`, [benaliId, start])).rows[0].count));

  beforeAll(async () => {
    [regulator, practitioner, secretary] = await Promise.all(
      [DEMO_ACCOUNTS.regulator, DEMO_ACCOUNTS.secondPractitioner, DEMO_ACCOUNTS.secretary].map(async (account) => {
        const client = new ApiClient();
        await client.loginAsDemo(account);
        // Regulator privileges exist only after entering from the SAS platform (origin=sas).
        if (account === DEMO_ACCOUNTS.regulator) await client.enterFromSas();
        return client;
      }),
    );
    [otherRegulator] = await extraRegulators('autre', 1);
    patientClient = new ApiClient();
    await patientClient.loginAs(DEMO_ACCOUNTS.patient.email, DEMO_PASSWORD);
    anonymous = new ApiClient();
    const members = await secretary.get<{ practitionerId: string | null; displayName: string }[]>('/api/practice/members');
    benaliId = members.body.find((m) => m.displayName.includes('Benali'))?.practitionerId ?? '';
    expect(benaliId).toMatch(/^[0-9a-f-]{36}$/);

    const settings = await practitioner.get<{ places: { id: string }[] }>(`/api/practitioners/${benaliId}/agenda/settings`);
    const placeId = settings.body.places[0].id;
    const days = [1, 2, 3, 4, 5, 6, 7];
    expect((await practitioner.put(`/api/practitioners/${benaliId}/agenda/hours`, { ranges: days.map((weekday) => ({ weekday, startMinute: 8 * 60, endMinute: 20 * 60, placeId, consultationTypes: ['CABINET', 'VIDEO'] })) })).status).toBe(200);
    const snp = await practitioner.post<Motif>(`/api/practitioners/${benaliId}/motifs`, {
      label: 'Soins non programmés', durationMinutes: 30, consultationTypes: ['CABINET', 'VIDEO'], openToNewPatients: true, bookableOnline: false, isSnp: true,
      ranges: days.map((weekday) => ({ weekday, startMinute: 8 * 60, endMinute: 14 * 60 })),
    });
    expect(snp.status).toBe(201);
    snpMotifId = snp.body.id;
    const motifs = await practitioner.get<Motif[]>(`/api/practitioners/${benaliId}/motifs`);
    followUpMotifId = motifs.body.find((m) => m.label === 'Consultation de cardiologie')!.id;
    expect((await practitioner.put(`/api/practitioners/${benaliId}/agenda/settings`, { extraIdentityFields: ['birthPlace'] })).status).toBe(200);
  });

  it('refuses every regulation route to other roles and to anonymous visitors, and the practice routes to regulators', async () => {
    const routes: [string, string, unknown?][] = [
      ['GET', '/api/regulation/slots?specialty=SM04&place=69'],
      ['GET', `/api/regulation/practitioners/${randomUUID()}/funnel?start=${new Date().toISOString()}`],
      ['GET', `/api/regulation/practitioners/${randomUUID()}`],
      ['POST', '/api/regulation/bookings', {}],
      ['GET', '/api/regulation/bookings'],
      ['GET', `/api/regulation/bookings/${randomUUID()}`],
      ['PATCH', `/api/regulation/bookings/${randomUUID()}`, {}],
      ['POST', `/api/regulation/bookings/${randomUUID()}/cancel`, {}],
      ['DELETE', `/api/regulation/attachments/${randomUUID()}`],
      ['GET', `/api/regulation/practitioners/${randomUUID()}/practice-key`],
    ];
    for (const [client, expected] of [[practitioner, 403], [secretary, 403], [patientClient, 403], [anonymous, 401]] as const) {
      for (const [method, path, body] of routes) {
        expect([method, path, (await client.request(method, path, { body })).status]).toEqual([method, path, expected]);
      }
      expect((await upload(client, benaliId, 'ordonnance.pdf', PDF_BYTES)).status).toBe(expected);
    }
    expect((await regulator.get(`/api/practice/appointments/${randomUUID()}/sas`)).status).toBe(403);
    expect((await regulator.get(`/api/practice/sas-attachments/${randomUUID()}`)).status).toBe(403);
    expect(storedAttachmentFiles()).toEqual([]);
  });

  it('finds SAS-eligible slots only — SNP mornings, not the existing-patients afternoons — in the 48 h window, by département, postcode or commune', async () => {
    const result = await search('specialty=SM04&place=69');
    expect(result.status).toBe(200);
    const card = result.body.cards.find((c) => c.practitionerId === benaliId)!;
    expect(card).toMatchObject({ displayName: 'Dr Karim Benali', tier: 'AREA', sasParticipation: false });
    expect(card.slots.length).toBeGreaterThan(10);
    for (const slot of card.slots) {
      expect(slot.snp).toBe(true);
      expect(parisHour(slot.start)).toBeGreaterThanOrEqual(8);
      expect(parisHour(slot.start)).toBeLessThan(14);
    }
    const { from, to } = result.body;
    expect(new Date(to).getTime() - new Date(from).getTime()).toBe(48 * HOUR);
    expect(card.slots.every((s) => s.start >= from && s.start < to)).toBe(true);
    snpSlots = card.slots;

    for (const place of ['69003', 'Lyon', 'lyon']) {
      expect((await benaliCard(`specialty=SM04&place=${encodeURIComponent(place)}`))?.slots[0].start).toBe(snpSlots[0].start);
    }
    // The Ain (01) borders the Rhône: Dr Benali comes as a neighbour.
    expect((await benaliCard('specialty=SM04&place=01'))?.tier).toBe('NEIGHBOURS');
    // Far away, and another specialty: not found.
    expect(await benaliCard('specialty=SM04&place=29')).toBeUndefined();
    expect(await benaliCard('specialty=SM54&place=69')).toBeUndefined();
    // 72 h on demand: more slots; a video-only search keeps slots that allow video.
    expect((await benaliCard('specialty=SM04&place=69&hours=72'))!.slots.length).toBeGreaterThan(card.slots.length);
    expect((await benaliCard('specialty=SM04&place=69&consultationType=VIDEO'))!.slots.every((s) => s.consultationTypes.includes('VIDEO'))).toBe(true);
  });

  it("shows one practitioner's card with the search's SAS slots over 48 h (the SAS platform's praticien=<id> landing), participant or not", async () => {
    interface PractitionerPage extends Omit<Card, 'tier'> { from: string; to: string }
    const setParticipation = (value: boolean) => withDatabase((db) => db.query(`UPDATE "Practitioner" SET "sasParticipation" = $1 WHERE id = $2`, [value, benaliId]));
    const auditCount = () =>
      withDatabase(async (db) => Number((await db.query(`SELECT count(*) FROM "AuditEvent" WHERE action = 'sas.practitioner.read' AND "resourceId" = $1`, [benaliId])).rows[0].count));
    const before = await auditCount();

    // Dr Benali does not take part in the SAS: shown all the same, flagged so, with the slots the SAS may book — those of the search.
    const searched = await search('specialty=SM04&place=69');
    const page = await regulator.get<PractitionerPage & { tier?: string }>(`/api/regulation/practitioners/${benaliId}`);
    expect(page.status).toBe(200);
    expect(page.body).toMatchObject({ practitionerId: benaliId, displayName: 'Dr Karim Benali', sasParticipation: false });
    expect(page.body.tier).toBeUndefined();
    expect(new Date(page.body.to).getTime() - new Date(page.body.from).getTime()).toBe(48 * HOUR);
    expect(page.body.slots.length).toBeGreaterThan(10);
    // The same slot computation as the search: the same slots where both windows overlap (the page was read a moment later).
    const overlap = (slots: Slot[]) => slots.filter((slot) => slot.start >= page.body.from && slot.start < searched.body.to).map((slot) => slot.start);
    expect(overlap(page.body.slots)).toEqual(overlap(searched.body.cards.find((c) => c.practitionerId === benaliId)?.slots ?? []));
    expect(page.body.slots.every((slot) => slot.snp && parisHour(slot.start) >= 8 && parisHour(slot.start) < 14)).toBe(true);
    expect(await auditCount()).toBe(before + 1);

    // Taking part changes the flag, not the slots.
    await setParticipation(true);
    try {
      const participant = await regulator.get<PractitionerPage>(`/api/regulation/practitioners/${benaliId}`);
      expect(participant.body.sasParticipation).toBe(true);
      expect(participant.body.slots.map((slot) => slot.start)).toEqual(page.body.slots.map((slot) => slot.start));
    } finally {
      await setParticipation(false);
    }

    // Unknown, malformed, other roles: refused in French, nothing audited as read.
    const unknown = await regulator.get<ErrorBody>(`/api/regulation/practitioners/${randomUUID()}`);
    expect(unknown.status).toBe(404);
    expect(unknown.body.message).toBe('Praticien introuvable.');
    const malformed = await regulator.get<ErrorBody>('/api/regulation/practitioners/pas-un-id');
    expect(malformed.status).toBe(400);
    expect(malformed.body.message).toMatch(/praticien/i);
    for (const [client, status] of [[practitioner, 403], [secretary, 403], [patientClient, 403], [anonymous, 401]] as const) {
      expect((await client.get(`/api/regulation/practitioners/${benaliId}`)).status).toBe(status);
    }
    expect(await auditCount()).toBe(before + 2);
  });

  it('adds slots open to new patients AND bookable online, only while the practitioner accepts new patients', async () => {
    const first = await practitioner.post<Motif>(`/api/practitioners/${benaliId}/motifs`, {
      label: 'Première consultation', durationMinutes: 30, consultationTypes: ['CABINET'], openToNewPatients: true, bookableOnline: true,
      ranges: [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, startMinute: 16 * 60, endMinute: 18 * 60 })),
    });
    expect(first.status).toBe(201);
    const afternoons = (c?: Card) => (c?.slots ?? []).filter((s) => parisHour(s.start) >= 16 && parisHour(s.start) < 18);
    expect(afternoons(await benaliCard())).toEqual([]);
    await practitioner.put(`/api/practitioners/${benaliId}/agenda/settings`, { acceptsNewPatients: true });
    const open = afternoons(await benaliCard());
    expect(open.length).toBeGreaterThan(0);
    expect(open.every((s) => !s.snp)).toBe(true);
    // Not bookable online → not for the SAS either.
    await practitioner.put(`/api/practitioners/${benaliId}/motifs/${first.body.id}`, {
      label: 'Première consultation', durationMinutes: 30, consultationTypes: ['CABINET'], openToNewPatients: true, bookableOnline: false,
      ranges: [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, startMinute: 16 * 60, endMinute: 18 * 60 })),
    });
    expect(afternoons(await benaliCard())).toEqual([]);
    await practitioner.delete(`/api/practitioners/${benaliId}/motifs/${first.body.id}`);
    await practitioner.put(`/api/practitioners/${benaliId}/agenda/settings`, { acceptsNewPatients: false });
  });

  it('answers malformed searches in French, and keeps one random order per seed', async () => {
    const cases: [string, string][] = [
      ['specialty=SM04&place=2C', 'place'],
      ['specialty=cardio&place=69', 'specialty'],
      ['specialty=SM04&place=69&hours=500', 'hours'],
      ['specialty=SM04&place=69&hours=0', 'hours'],
      ['specialty=SM04&place=69&from=demain', 'from'],
      ['specialty=SM04&place=69&consultationType=TELEPHONE', 'consultationType'],
      ['specialty=SM04', 'place'],
    ];
    for (const [query, field] of cases) {
      const answer = await search(query);
      expect([query, answer.status]).toEqual([query, 400]);
      expect((answer.body as unknown as ErrorBody).fields?.[field]?.[0]).toMatch(/[a-zé]/);
    }
    const page = await search('specialty=SM04&place=69&seed=42');
    expect(page.body.seed).toBe(42);
  });

  it('offers the funnel of a slot: SNP pre-selected, motifs per "déjà consulté ?", the extra fields the practitioner requires', async () => {
    const funnel = await regulator.get<Funnel>(`/api/regulation/practitioners/${benaliId}/funnel?start=${snpSlots[0].start}`);
    expect(funnel.status).toBe(200);
    expect(funnel.body.suggestedMotifId).toBe(snpMotifId);
    expect(funnel.body.motifsForNewPatients.map((m) => m.id)).toEqual([snpMotifId]);
    expect(funnel.body.motifsForExistingPatients.map((m) => m.id)).toEqual(expect.arrayContaining([snpMotifId, followUpMotifId]));
    expect(funnel.body.extraIdentityFields).toEqual(['birthPlace']);
    expect(funnel.body.slot.consultationTypes).toEqual(['CABINET', 'VIDEO']);
    const afternoon = new Date(new Date(snpSlots[0].start).getTime() + 8 * HOUR).toISOString();
    const closed = await regulator.get<ErrorBody>(`/api/regulation/practitioners/${benaliId}/funnel?start=${afternoon}`);
    expect(closed.status).toBe(409);
    expect(closed.body.alternatives?.every((s) => s.visibility.includes('SNP') || s.visibility.includes('NEW_PATIENTS'))).toBe(true);
    expect((await regulator.get(`/api/regulation/practitioners/pas-un-id/funnel?start=${snpSlots[0].start}`)).status).toBe(400);
    expect((await regulator.get(`/api/regulation/practitioners/${benaliId}/funnel`)).status).toBe(400);
  });

  it('refuses every bad patient identity field by field, in French, and books nothing', async () => {
    const slot = snpSlots[1];
    const before = await bookingCount();
    const nextYear = `${new Date().getFullYear() + 1}-01-15`;
    const cases: [Record<string, unknown>, string, RegExp][] = [
      [{ patient: patient({ phone: '12345' }) }, 'patient.phone', /téléphone invalide/],
      [{ patient: patient({ phone: '06 45 37 26' }) }, 'patient.phone', /téléphone invalide/],
      [{ patient: patient({ phone: '+44 7911 123456' }) }, 'patient.phone', /téléphone invalide/],
      [{ patient: patient({ birthDate: nextYear }) }, 'patient.birthDate', /passée/],
      [{ patient: patient({ birthDate: '2001-02-30' }) }, 'patient.birthDate', /date réelle/],
      [{ patient: patient({ birthDate: '21/11/1952' }) }, 'patient.birthDate', /AAAA-MM-JJ/],
      [{ patient: patient({ birthName: undefined }) }, 'patient.birthName', /Nom de naissance/],
      [{ patient: patient({ birthName: '' }) }, 'patient.birthName', /Nom de naissance/],
      [{ patient: patient({ birthDate: undefined }) }, 'patient.birthDate', /Date de naissance/],
      [{ patient: patient({ phone: undefined }) }, 'patient.phone', /[Tt]éléphone/],
      [{ patient: patient({ firstName: undefined }) }, 'patient.firstName', /Prénom/],
      [{ patient: patient({ lastName: '   ' }) }, 'patient.lastName', /Nom du patient/],
      [{ patient: patient({ civility: 'DR' }) }, 'patient.civility', /Civilité/],
      [{ patient: patient({ email: 'pas-un-email' }) }, 'patient.email', /e-mail/],
      [{ patient: patient({ birthPlace: { bornInFrance: true, communeInsee: 'Lyon' } }) }, 'patient.birthPlace.communeInsee', /INSEE/],
      [{ patient: patient({ birthPlace: { bornInFrance: false } }) }, 'patient.birthPlace.countryInsee', /Pays de naissance/],
      // The practitioner requires the place of birth.
      [{ patient: patient({ birthPlace: undefined }) }, 'patient.birthPlace', /demandé par ce praticien/],
      // Video needs a mobile.
      [{ consultationType: 'VIDEO', patient: patient({ phone: '04 78 00 00 01' }) }, 'patient.phone', /mobile/],
      [{ alreadyConsulted: 'oui' }, 'alreadyConsulted', /déjà consulté/],
      [{ consultationType: undefined }, 'consultationType', /type de consultation/],
      [{ motifId: undefined }, 'motifId', /motif/],
      [{ message: 'x'.repeat(2001) }, 'message', /2000 caractères/],
      [{ attachmentIds: [randomUUID()] }, 'attachmentIds', /Pièce jointe introuvable/],
      [{ unexpected: 1 }, 'unexpected', /Champ inconnu/],
    ];
    for (const [override, field, message] of cases) {
      const answer = await book(bookingBody(slot, override));
      expect([field, answer.status]).toEqual([field, 400]);
      expect([field, answer.body.fields?.[field]?.join(' ')]).toEqual([field, expect.stringMatching(message)]);
    }
    const noKey = await book(bookingBody(slot), null);
    expect(noKey.status).toBe(400);
    expect(noKey.body.message).toMatch(/Idempotency-Key/);
    expect((await book(bookingBody(slot), 'court')).status).toBe(400);
    // A motif only for existing patients, for a patient who never consulted: refused.
    const followUp = await book(bookingBody(slot, { motifId: followUpMotifId }));
    expect(followUp.status).toBe(400);
    expect(followUp.body.fields?.['motifId']).toBeDefined();
    expect(await bookingCount()).toBe(before);
    expect(await appointmentAt(slot.start)).toBe(0);
  });

  it('gives the funnel the practice key, or explains in French that the practice has none yet', async () => {
    const key = await regulator.get<{ practitionerId: string; publicKey: string; fingerprint: string }>(`/api/regulation/practitioners/${benaliId}/practice-key`);
    expect(key.status).toBe(200);
    expect(key.body).toMatchObject({ practitionerId: benaliId, publicKey: expect.stringContaining('BEGIN PGP PUBLIC KEY BLOCK'), fingerprint: expect.stringMatching(/^[0-9a-f]{40}$/) });
    practiceKey = key.body.publicKey;
    const keyless = await keylessPractitioner();
    const none = await regulator.get<ErrorBody>(`/api/regulation/practitioners/${keyless}/practice-key`);
    expect(none.status).toBe(409);
    expect(none.body).toMatchObject({ code: 'ENCRYPTION_KEYS_MISSING', message: expect.stringMatching(/pas encore de clé de chiffrement.*sans pièce jointe/) });
    // Never a plaintext fallback: an upload for that practice is refused, encrypted or not.
    for (const content of [PDF_BYTES, await encryptedFor(PDF_BYTES, practiceKey)]) {
      const refused = await upload<ErrorBody>(regulator, keyless, 'ordonnance.pdf', content);
      expect(refused.status).toBe(409);
      expect(refused.body.message).toMatch(/pas encore de clé de chiffrement/);
    }
    expect((await regulator.get(`/api/regulation/practitioners/${randomUUID()}/practice-key`)).status).toBe(404);
    expect((await upload(regulator, randomUUID(), 'ordonnance.pdf', await encryptedFor(PDF_BYTES, practiceKey))).status).toBe(404);
    expect(storedAttachmentFiles()).toEqual([]);
  });

  it('takes only files encrypted to exactly the practice key, streamed; refuses the rest in French and keeps nothing it refused', async () => {
    const before = storedAttachmentFiles();
    const stranger = (await generateKeyPair('inconnu')).publicKeyArmored;
    const refused: [string, string, Buffer | Blob, string | null | undefined, number, RegExp][] = [
      ['plaintext', 'compte-rendu.pdf', PDF_BYTES, undefined, 400, /message chiffré OpenPGP pour le cabinet/],
      ['another key', 'compte-rendu.pdf', await encryptedFor(PDF_BYTES, stranger), undefined, 400, /pas chiffré exactement pour le cabinet/],
      ['the practice key and another', 'compte-rendu.pdf', await encryptedFor(PDF_BYTES, practiceKey, stranger), undefined, 400, /pas chiffré exactement pour le cabinet/],
      ['a .pdf name declared PNG', 'compte-rendu.pdf', await encryptedFor(PNG_BYTES, practiceKey), 'image/png', 400, /ne correspond pas au type déclaré/],
      ['an .exe', 'programme.exe', await encryptedFor(EXE_BYTES, practiceKey), 'application/pdf', 400, /\.pdf, \.jpg, \.jpeg, \.png/],
      ['a GIF', 'image.gif', await encryptedFor(PNG_BYTES, practiceKey), 'image/gif', 415, /PDF, JPEG ou PNG/],
      ['no type', 'compte-rendu.pdf', await encryptedFor(PDF_BYTES, practiceKey), null, 415, /PDF, JPEG ou PNG/],
      ['empty', 'vide.pdf', Buffer.alloc(0), undefined, 400, /vide/],
      ['over 50 MB', 'enorme.pdf', new Blob([new Uint8Array(SAS_ATTACHMENT_MAX_ENCRYPTED_BYTES + 1)]), undefined, 413, /moins de 50 Mo/],
    ];
    for (const [what, name, content, type, status, message] of refused) {
      const answer = await upload<ErrorBody>(regulator, benaliId, name, content, { type });
      expect([what, answer.status]).toEqual([what, status]);
      expect(answer.body.message).toMatch(message);
    }
    expect((await upload<ErrorBody>(regulator, benaliId, 'ordonnance.pdf', await encryptedFor(PDF_BYTES, practiceKey), { field: 'document' })).status).toBe(400);
    expect(storedAttachmentFiles()).toEqual(before);
    const failures = await withDatabase(async (db) => Number((await db.query(`SELECT count(*) FROM "AuditEvent" WHERE action = 'sas.attachment.upload' AND result = 'FAILURE'`)).rows[0].count));
    expect(failures).toBeGreaterThanOrEqual(refused.length);

    const ciphertext = await encryptedFor(PNG_BYTES, practiceKey);
    const accepted = await upload<Attachment>(regulator, benaliId, 'radio.png', ciphertext);
    expect(accepted.status).toBe(201);
    expect(accepted.body).toMatchObject({ fileName: 'radio.png', mediaType: 'image/png', sizeBytes: ciphertext.length, encrypted: true });
    expect(storedAttachmentFiles()).toHaveLength(before.length + 1);
    // Another regulator can neither use nor delete it.
    expect((await otherRegulator.delete(`/api/regulation/attachments/${accepted.body.id}`)).status).toBe(404);
    expect((await book(bookingBody(snpSlots[1], { attachmentIds: [accepted.body.id] }), randomUUID(), otherRegulator)).status).toBe(400);
    expect((await regulator.delete(`/api/regulation/attachments/${accepted.body.id}`)).status).toBe(204);
    expect(storedAttachmentFiles()).toEqual(before);
  });

  let booking: Booking;

  it('books atomically with identity, message and attachment; a retry with the same Idempotency-Key returns the same booking', async () => {
    const pdf = await upload<Attachment>(regulator, benaliId, 'Compte rendu été.pdf', await encryptedFor(PDF_BYTES, practiceKey));
    expect(pdf.status).toBe(201);
    const key = randomUUID();
    const body = bookingBody(snpSlots[2], { message: 'Douleur thoracique atypique depuis hier, ECG joint.', attachmentIds: [pdf.body.id], patient: patient({ lastName: 'Martin', email: 'marie.durand@exemple.fr' }) });
    const first = await book(body, key);
    expect(first.status).toBe(201);
    booking = first.body;
    expect(booking.appointment).toMatchObject({ start: snpSlots[2].start, status: 'BOOKED', channel: 'REGULATOR', bookedBy: 'Julien Moreau' });
    expect(booking.patient).toMatchObject({ firstName: 'Marie', lastName: 'MARTIN', birthName: 'DURAND', birthDate: '1952-11-21', phone: '0645372653', identityStatus: 'PROVISIONAL', birthPlaceInsee: '69123' });
    expect(booking.attachments).toEqual([expect.objectContaining({ id: pdf.body.id, fileName: 'Compte rendu été.pdf', mediaType: 'application/pdf', encrypted: true })]);

    const again = await book(body, key);
    expect(again.status).toBe(200);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(again.body.id).toBe(booking.id);
    expect(await appointmentAt(snpSlots[2].start)).toBe(1);
    // Concurrent retries of one key: still one booking.
    const key2 = randomUUID();
    const body2 = bookingBody(snpSlots[3]);
    const burst = await Promise.all(Array.from({ length: 5 }, () => book(body2, key2)));
    expect(new Set(burst.filter((r) => r.status < 300).map((r) => r.body.id)).size).toBe(1);
    expect(burst.filter((r) => r.status === 201)).toHaveLength(1);
    expect(await appointmentAt(snpSlots[3].start)).toBe(1);
    // The same key for another request: refused, nothing booked.
    const reused = await book(bookingBody(snpSlots[4]), key);
    expect(reused.status).toBe(409);
    expect(reused.body.message).toMatch(/clé d’idempotence/);
    expect(await appointmentAt(snpSlots[4].start)).toBe(0);
  });

  it('answers 409 with the next SAS slots when the slot was taken meanwhile', async () => {
    const taken = await book(bookingBody(snpSlots[2], { patient: patient({ firstName: 'Jeanne' }) }));
    expect(taken.status).toBe(409);
    expect(taken.body.code).toBe('SLOT_TAKEN');
    expect(taken.body.alternatives?.length).toBeGreaterThan(0);
    expect(taken.body.alternatives?.map((a) => a.start)).not.toContain(snpSlots[2].start);
    expect(taken.body.alternatives?.every((s) => s.visibility.includes('SNP') || s.visibility.includes('NEW_PATIENTS'))).toBe(true);
  });

  it('shows the practice the SAS appointment with the regulator, the message and the attachment (staff only, audited)', async () => {
    const from = new Date(new Date(booking.appointment.start).getTime() - HOUR).toISOString();
    const to = new Date(new Date(booking.appointment.start).getTime() + HOUR).toISOString();
    const calendar = await secretary.get<{ appointments: { id: string; channel: string; bookedBy: string }[] }>(`/api/practitioners/${benaliId}/calendar?from=${from}&to=${to}`);
    expect(calendar.body.appointments.find((a) => a.id === booking.appointment.id)).toMatchObject({ channel: 'REGULATOR', bookedBy: 'Julien Moreau' });
    const sas = await practitioner.get<Booking>(`/api/practice/appointments/${booking.appointment.id}/sas`);
    expect(sas.status).toBe(200);
    expect(sas.body).toMatchObject({ regulator: { displayName: 'Julien Moreau' }, message: 'Douleur thoracique atypique depuis hier, ECG joint.' });
    // The practice gets the ciphertext; the secretary's browser decrypts it with the practice key (her copy, unlocked with her password).
    const file = await downloadBytes(secretary, `/api/practice/sas-attachments/${sas.body.attachments[0].id}`);
    expect(file.status).toBe(200);
    expect(file.headers.get('content-type')).toBe('application/octet-stream');
    expect(file.headers.get('content-disposition')).toBe(`attachment; filename="piece-jointe-sas-${sas.body.attachments[0].id}.pgp"`);
    expect(Buffer.from(file.bytes).includes(PDF_BYTES.subarray(0, 20))).toBe(false);
    const me = (await secretary.get<{ account: { id: string } }>('/api/auth/session')).body.account.id;
    const keys = await (await MessagingUser.fromClient(secretary, DEMO_ACCOUNTS.secretary.email, me).ensureKey()).openPracticeKey();
    if (!keys.practiceKey) throw new Error('the demo secretary has no copy of the practice key');
    const opened = await decryptFile(file.bytes, { decryptionKey: keys.practiceKey, senders: [] });
    expect(Buffer.from(opened.data).equals(PDF_BYTES)).toBe(true);
    expect(opened.signature).toBe('unsigned');
    await expect(decryptFile(file.bytes, { decryptionKey: keys.key, senders: [] })).rejects.toMatchObject({ code: 'NOT_A_RECIPIENT' });
    const otherPractice = await otherPracticeSecretary();
    expect((await otherPractice.get(`/api/practice/sas-attachments/${sas.body.attachments[0].id}`)).status).toBe(403);
    expect((await secretary.get(`/api/practice/sas-attachments/${randomUUID()}`)).status).toBe(404);
    expect((await secretary.get('/api/practice/sas-attachments/pas-un-uuid')).status).toBe(400);
    for (const client of [patientClient, regulator, otherRegulator]) {
      expect((await client.get(`/api/practice/sas-attachments/${sas.body.attachments[0].id}`)).status).toBe(403);
      expect((await client.get(`/api/practice/appointments/${booking.appointment.id}/sas`)).status).toBe(403);
    }
    const audit = await withDatabase(async (db) => (await db.query(`SELECT action, result FROM "AuditEvent" WHERE "resourceId" = $1 OR "resourceId" = $2`, [sas.body.attachments[0].id, booking.id])).rows);
    expect(audit).toEqual(expect.arrayContaining([
      { action: 'sas.attachment.upload', result: 'SUCCESS' },
      { action: 'sas.booking.create', result: 'SUCCESS' },
      { action: 'sas.booking.replay', result: 'SUCCESS' },
      { action: 'sas.booking.read', result: 'SUCCESS' },
      { action: 'sas.attachment.download', result: 'SUCCESS' },
    ]));
    // The other practice's secretary was refused, and that refusal is in the trail too.
    const denied = await withDatabase(async (db) => Number((await db.query(`SELECT count(*) FROM "AuditEvent" WHERE action = 'sas.attachment.download' AND result = 'DENIED' AND "resourceId" = $1`, [benaliId])).rows[0].count));
    expect(denied).toBeGreaterThanOrEqual(1);
  });

  it('lets the regulator list, see, modify and cancel their bookings — and no other regulator', async () => {
    const list = await regulator.get<Booking[]>('/api/regulation/bookings');
    expect(list.body.map((b) => b.id)).toContain(booking.id);
    expect((await otherRegulator.get<Booking[]>('/api/regulation/bookings')).body.map((b) => b.id)).not.toContain(booking.id);
    for (const [method, path, body] of [
      ['GET', `/api/regulation/bookings/${booking.id}`, undefined],
      ['PATCH', `/api/regulation/bookings/${booking.id}`, { message: 'Autre' }],
      ['POST', `/api/regulation/bookings/${booking.id}/cancel`, {}],
    ] as const) {
      expect((await otherRegulator.request(method, path, { body })).status).toBe(403);
    }
    expect((await regulator.get(`/api/regulation/bookings/${randomUUID()}`)).status).toBe(404);
    expect((await regulator.patch(`/api/regulation/bookings/${booking.id}`, { patient: patient({ phone: '0000' }) })).status).toBe(400);

    const moved = await regulator.patch<Booking>(`/api/regulation/bookings/${booking.id}`, {
      start: snpSlots[5].start, message: 'Message corrigé.', patient: patient({ lastName: 'Durand', phone: '+33 6 11 22 33 44' }),
    });
    expect(moved.status).toBe(200);
    expect(moved.body.appointment.start).toBe(snpSlots[5].start);
    expect(moved.body.message).toBe('Message corrigé.');
    expect(moved.body.patient).toMatchObject({ lastName: 'DURAND', phone: '0611223344' });
    // Not to a slot the SAS may not book (an afternoon for existing patients only).
    const afternoon = new Date(new Date(snpSlots[0].start).getTime() + 8 * HOUR).toISOString();
    expect((await regulator.patch<ErrorBody>(`/api/regulation/bookings/${booking.id}`, { start: afternoon })).status).toBe(409);

    const cancelled = await regulator.post<Booking>(`/api/regulation/bookings/${booking.id}/cancel`, { reason: 'Patient orienté ailleurs' });
    expect(cancelled.body.appointment.status).toBe('CANCELLED');
    expect((await regulator.post(`/api/regulation/bookings/${booking.id}/cancel`, {})).status).toBe(409);
    expect((await benaliCard())?.slots.map((s) => s.start)).toContain(snpSlots[5].start);
  });

  it('tells the practice live — its members only, not another practice nor the patient — when a regulator books, moves or cancels', async () => {
    const neighbour = await otherPracticeSecretary();
    const sockets = [secretary, practitioner, neighbour, patientClient].map((client) => socketFor(client));
    try {
      await Promise.all(sockets.map(connected));
      const [staff, doctor, otherPractice, patientEvents] = sockets.map((socket) => {
        const received: SasAppointmentChange[] = [];
        socket.on('sas:appointment', (change) => received.push(change));
        return received;
      });
      const booked = await book(bookingBody(snpSlots[6]));
      expect(booked.status).toBe(201);
      const appointmentId = booked.body.appointment.id;
      await waitFor(() => staff.length === 1 && doctor.length === 1);
      expect((await regulator.patch(`/api/regulation/bookings/${booked.body.id}`, { start: snpSlots[7].start })).status).toBe(200);
      await waitFor(() => staff.length === 2 && doctor.length === 2);
      expect((await regulator.post(`/api/regulation/bookings/${booked.body.id}/cancel`, { reason: 'Patient orienté ailleurs' })).status).toBe(200);
      await waitFor(() => staff.length === 3 && doctor.length === 3);
      const expected = (['BOOKED', 'MOVED', 'CANCELLED'] as const).map((change) => ({ practitionerId: benaliId, appointmentId, change }));
      expect(staff).toEqual(expected);
      expect(doctor).toEqual(expected);
      // Sent at the same moments as the practice's: anything for the others would be here by now.
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(otherPractice).toEqual([]);
      expect(patientEvents).toEqual([]);
    } finally {
      for (const socket of sockets) socket.disconnect();
    }
  });

  it('books exactly 20 of 20 slots for 50 racing regulators; every loser gets 409 with alternatives', async () => {
    const racers = [regulator, otherRegulator, ...(await extraRegulators('course', 48))];
    const slots = ((await benaliCard('specialty=SM04&place=69&hours=168'))?.slots ?? []).slice(-20);
    expect(slots).toHaveLength(20);
    const answers = await Promise.all(racers.map((client, i) => book(bookingBody(slots[i % 20], { patient: patient({ firstName: `Patient${String.fromCharCode(65 + (i % 26))}` }) }), randomUUID(), client)));
    const unexpected = answers.filter((a) => a.status !== 201 && a.status !== 409).map((a) => `${a.status} ${a.text}`);
    expect(unexpected).toEqual([]);
    expect(answers.filter((a) => a.status === 201)).toHaveLength(20);
    const losers = answers.filter((a) => a.status === 409);
    expect(losers).toHaveLength(30);
    expect(losers.every((l) => l.body.code === 'SLOT_TAKEN' && (l.body.alternatives?.length ?? 0) > 0)).toBe(true);
    for (const slot of slots) expect(await appointmentAt(slot.start)).toBe(1);
    const overlaps = await withDatabase(async (db) =>
      Number((await db.query(`SELECT count(*) FROM "Appointment" a JOIN "Appointment" b ON a."practitionerId" = b."practitionerId" AND a.id < b.id
        AND a.status <> 'CANCELLED' AND b.status <> 'CANCELLED' AND a."startsAt" < b."endsAt" AND b."startsAt" < a."endsAt"`)).rows[0].count));
    expect(overlaps).toBe(0);
  });
});

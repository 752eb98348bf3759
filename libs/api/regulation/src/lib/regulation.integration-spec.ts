import 'reflect-metadata';
import { Test } from '@nestjs/testing';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import type { IncomingMessage } from 'node:http';
import { AgendaSettings, AppointmentBooking } from '@passerelle/api/agenda';
import { Actor, AuditModule } from '@passerelle/api/audit';
import { ConfigModule } from '@passerelle/api/config';
import { createTestDatabase, TestDatabase, testDatabaseModule } from '@passerelle/api/database/testing';
import { Account, AccountRepository, PeopleRepository } from '@passerelle/api/identity';
import { SAS_ATTACHMENT_MAX_ENCRYPTED_BYTES } from '@passerelle/shared/contracts';
import { encryptFile, generateKeyPair, readPublicKeyInfo, UnlockedPrivateKey } from '@passerelle/shared/crypto';
import { SasAttachments, UNATTACHED_TTL_MS } from './attachments/sas-attachments.service';
import { SasBookingRepository } from './bookings/sas-booking.repository';
import { SasBookings } from './bookings/sas-bookings.service';
import { RegulationModule } from './regulation.module';
import { RegulatorSlotSearch } from './search/regulator-slot-search.service';

jest.setTimeout(120_000);

/** A multipart/form-data request with one file, streamed in chunks (as a socket would). */
function multipartRequest(fileName: string, parts: Buffer[]): IncomingMessage {
  const boundary = `----passerelle${randomBytes(8).toString('hex')}`;
  const stream = new PassThrough() as unknown as IncomingMessage & PassThrough;
  stream.headers = { 'content-type': `multipart/form-data; boundary=${boundary}` };
  const head = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${fileName}"\r\nContent-Type: application/octet-stream\r\n\r\n`);
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  setImmediate(() => {
    for (const chunk of [head, ...parts, tail]) (stream as PassThrough).write(chunk);
    (stream as PassThrough).end();
  });
  return stream;
}

describe('SAS regulation on PostgreSQL', () => {
  let db: TestDatabase;
  let dataDir: string;
  let attachments: SasAttachments;
  let bookings: SasBookings;
  let search: RegulatorSlotSearch;
  let booking: AppointmentBooking;
  let repository: SasBookingRepository;
  let regulator: Account;
  let actor: Actor;
  let practitionerId: string;
  let keylessPractitionerId: string;
  let snpMotifId: string;
  let practiceKey: UnlockedPrivateKey;
  let stranger: UnlockedPrivateKey;
  /** What the regulator's browser sends: the file encrypted to the practice key (unsigned: regulators have no key pair). */
  const encryptedFor = (content: Buffer, ...keys: UnlockedPrivateKey[]) => encryptFile(new Uint8Array(content), { recipients: keys.map((k) => k.publicKeyArmored), signingKey: null }).then((b) => Buffer.from(b));
  const PDF = Buffer.from('%PDF-1.7\n');

  beforeAll(async () => {
    db = await createTestDatabase();
    dataDir = mkdtempSync(join(tmpdir(), 'passerelle-regulation-'));
    const moduleRef = await Test.createTestingModule({
      imports: [ConfigModule.forRoot({ NODE_ENV: 'test', DATA_DIR: dataDir, SECRET_KEY: randomBytes(32).toString('hex') }), testDatabaseModule(db), AuditModule, RegulationModule],
    }).compile();
    await moduleRef.init();
    attachments = moduleRef.get(SasAttachments);
    bookings = moduleRef.get(SasBookings);
    search = moduleRef.get(RegulatorSlotSearch);
    booking = moduleRef.get(AppointmentBooking, { strict: false });
    repository = moduleRef.get(SasBookingRepository);
    const accounts = moduleRef.get(AccountRepository);
    const people = moduleRef.get(PeopleRepository);
    regulator = await accounts.create({ email: `regulateur-${randomUUID()}@exemple.fr`, role: 'REGULATOR', displayName: 'Régulateur Test', passwordHash: null });
    actor = { accountId: regulator.id, role: 'REGULATOR', ip: '127.0.0.1', requestId: null };
    const doctor = await accounts.create({ email: `dr-${randomUUID()}@exemple.fr`, role: 'PRACTITIONER', displayName: 'Dr Test', passwordHash: null });
    const practiceId = await people.createPractice({ name: 'Cabinet test', addressLine: '1 rue du Test', postcode: '69003', commune: 'Lyon', departement: '69' });
    await people.addMember(practiceId, doctor.id, 'PRACTITIONER');
    practitionerId = await people.createPractitioner({ accountId: doctor.id, practiceId, rpps: '10109999999', firstName: 'Test', lastName: 'Docteur', profession: 'Médecin', specialtyCode: 'SM54', specialtyLabel: 'Médecine générale', sasParticipation: true });
    // The practice key its members' browsers created (only its public part reaches the server).
    [practiceKey, stranger] = await Promise.all([generateKeyPair('Cabinet'), generateKeyPair('Autre')]);
    const info = await readPublicKeyInfo(practiceKey.publicKeyArmored);
    await db.driver.query(`INSERT INTO "PracticeKey" ("practiceId", "publicKey", fingerprint, "encryptionKeyIds", "createdById") VALUES ($1, $2, $3, $4, $5)`, [practiceId, practiceKey.publicKeyArmored, info.fingerprint, info.encryptionKeyIds, doctor.id]);
    const keylessDoctor = await accounts.create({ email: `dr-${randomUUID()}@exemple.fr`, role: 'PRACTITIONER', displayName: 'Dr Sans Clé', passwordHash: null });
    const keylessPractice = await people.createPractice({ name: 'Cabinet sans clé', addressLine: '2 rue du Test', postcode: '69003', commune: 'Lyon', departement: '69' });
    await people.addMember(keylessPractice, keylessDoctor.id, 'PRACTITIONER');
    keylessPractitionerId = await people.createPractitioner({ accountId: keylessDoctor.id, practiceId: keylessPractice, rpps: '10109999998', firstName: 'Sans', lastName: 'Clé', profession: 'Médecin', specialtyCode: 'SM54', specialtyLabel: 'Médecine générale', sasParticipation: true });
    const settings = moduleRef.get(AgendaSettings);
    const doctorActor: Actor = { accountId: doctor.id, role: 'PRACTITIONER', ip: null, requestId: null };
    const view = await settings.settings(practitionerId);
    await settings.replaceHours(practitionerId, { ranges: [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, startMinute: 0, endMinute: 1440, placeId: view.places[0].id, consultationTypes: ['CABINET'] })) }, doctorActor);
    snpMotifId = (await settings.saveMotif(practitionerId, null, { label: 'Soins non programmés', durationMinutes: 15, consultationTypes: ['CABINET'], openToNewPatients: true, bookableOnline: false, isSnp: true }, doctorActor)).id;
    for (const b of await settings.blocks(practitionerId, new Date(), new Date(Date.now() + 400 * 86_400_000))) await settings.removeBlock(practitionerId, b.id, doctorActor);
  });
  afterAll(async () => {
    await db.destroy();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const files = () => readdirSync(join(dataDir, 'sas-attachments'));

  it('streams an encrypted file to disk under a random name, keeps it only when encrypted to exactly the practice key, and stops a 50 MB one', async () => {
    const ciphertext = await encryptedFor(Buffer.concat([PDF, randomBytes(300_000)]), practiceKey);
    const pdf = await attachments.upload(multipartRequest('ordonnance.pdf', [ciphertext.subarray(0, 1000), ciphertext.subarray(1000)]), practitionerId, 'application/pdf', regulator, actor);
    expect(pdf).toMatchObject({ fileName: 'ordonnance.pdf', mediaType: 'application/pdf', sizeBytes: ciphertext.length, encrypted: true });
    expect(files()).toHaveLength(1);
    expect(files()[0]).not.toContain('ordonnance');
    const refused: [string, Buffer[], string | undefined, number, RegExp][] = [
      ['Plaintext', [PDF], 'application/pdf', 400, /message chiffré OpenPGP/],
      ['another key only', [await encryptedFor(PDF, stranger)], 'application/pdf', 400, /pas chiffré exactement pour le cabinet/],
      ['the practice key and another one', [await encryptedFor(PDF, practiceKey, stranger)], 'application/pdf', 400, /pas chiffré exactement/],
      ['a name that disagrees with the type', [await encryptedFor(PDF, practiceKey)], 'image/png', 400, /ne correspond pas au type déclaré/],
      ['a type that is not accepted', [await encryptedFor(PDF, practiceKey)], 'image/gif', 415, /PDF, JPEG ou PNG/],
      ['no type', [await encryptedFor(PDF, practiceKey)], undefined, 415, /PDF, JPEG ou PNG/],
      ['more than 50 MB', Array.from({ length: Math.ceil(SAS_ATTACHMENT_MAX_ENCRYPTED_BYTES / 2 ** 20) + 1 }, () => Buffer.alloc(2 ** 20)), 'application/pdf', 413, /moins de 50 Mo/],
    ];
    for (const [what, parts, type, status, message] of refused) {
      const refusal = await attachments.upload(multipartRequest('document.pdf', parts), practitionerId, type, regulator, actor).then(() => null, (e: { status: number; message: string }) => e);
      expect([what, refusal?.status]).toEqual([what, status]);
      expect(refusal?.message).toMatch(message);
    }
    // A practice without a key yet: explained, nothing kept; an unknown practitioner: 404.
    await expect(attachments.upload(multipartRequest('document.pdf', [await encryptedFor(PDF, practiceKey)]), keylessPractitionerId, 'application/pdf', regulator, actor)).rejects.toMatchObject({ status: 409, message: expect.stringMatching(/pas encore de clé de chiffrement/) });
    await expect(attachments.practiceKeyView(keylessPractitionerId)).rejects.toMatchObject({ status: 409 });
    await expect(attachments.upload(multipartRequest('document.pdf', [PDF]), randomUUID(), 'application/pdf', regulator, actor)).rejects.toMatchObject({ status: 404 });
    expect(files()).toHaveLength(1);
    expect(await attachments.practiceKeyView(practitionerId)).toEqual({ practitionerId, publicKey: practiceKey.publicKeyArmored, fingerprint: practiceKey.fingerprint });
  });

  it('books only with uploads encrypted to the booked practice’s current key', async () => {
    const upload = await attachments.upload(multipartRequest('radio.png', [await encryptedFor(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0]), practiceKey)]), practitionerId, 'image/png', regulator, actor);
    const bookingCount = async () => Number((await db.driver.query<{ n: string }>(`SELECT count(*) AS n FROM "SasBooking"`))[0].n);
    const before = await bookingCount();
    const [slot] = (await search.slotsOf(practitionerId, 48)).slice(9);
    const request = { practitionerId, start: slot.start, consultationType: 'CABINET' as const, alreadyConsulted: false, motifId: snpMotifId, attachmentIds: [upload.id], patient: { civility: 'M' as const, firstName: 'Luc', lastName: 'Test', birthName: 'Test', birthDate: '1970-02-02', phone: '0612345678' } };
    // The practice key changed since the upload (as if recreated): the practice could not read it.
    await db.driver.query(`UPDATE "SasAttachment" SET "encryptedTo" = 'ancienne-cle' WHERE id = $1`, [upload.id]);
    await expect(bookings.book(request, randomUUID(), regulator, actor)).rejects.toMatchObject({ status: 400, message: expect.stringMatching(/chiffrée pour un autre cabinet/) });
    expect(await bookingCount()).toBe(before);
    await db.driver.query(`UPDATE "SasAttachment" SET "encryptedTo" = $2 WHERE id = $1`, [upload.id, practiceKey.fingerprint]);
    const booked = await bookings.book(request, randomUUID(), regulator, actor);
    expect(booked.booking.attachments).toEqual([expect.objectContaining({ id: upload.id, mediaType: 'image/png', encrypted: true })]);
  });

  it('rolls the whole booking back when a step of its transaction fails: no appointment, no patient, no key', async () => {
    const [slot] = (await search.slotsOf(practitionerId, 48)).slice(3);
    const count = async () => (await db.driver.query<{ a: string; p: string; k: string }>(`SELECT (SELECT count(*) FROM "Appointment") AS a, (SELECT count(*) FROM "Patient") AS p, (SELECT count(*) FROM "SasBookingRequest") AS k`))[0];
    const before = await count();
    const key = randomUUID();
    const identity = { civility: 'M' as const, firstName: 'Paul', lastName: 'Test', birthName: 'Test', birthDate: '1980-05-05', phone: '0612345678', email: null, birthPlaceInsee: null, birthCountryInsee: null };
    const book = (after: (appointmentId: string) => Promise<void>) =>
      booking.bookForRegulator(
        practitionerId,
        { start: new Date(slot.start), consultationType: 'CABINET', motifId: snpMotifId, alreadyConsulted: false, patientMobile: null },
        { account: regulator, actor, isStaff: false, channel: 'REGULATOR' },
        {
          patient: async (tx) => {
            await repository.claimRequest(tx, regulator.id, key, 'hash');
            return repository.createPatient(tx, identity);
          },
          after: (_tx, appointmentId) => after(appointmentId),
        },
      );
    // The last step fails after the patient and the appointment were written: everything goes.
    await expect(book(() => Promise.reject(new Error('étape finale en échec')))).rejects.toThrow('étape finale en échec');
    expect(await count()).toEqual(before);
    expect((await search.slotsOf(practitionerId, 48)).map((s) => s.start)).toContain(slot.start);
    // The same work without the failure commits all of it.
    const appointment = await book(() => Promise.resolve());
    expect(appointment).toMatchObject({ start: slot.start, channel: 'REGULATOR', patientName: 'Paul TEST' });
    const after = await count();
    expect([Number(after.a), Number(after.p), Number(after.k)]).toEqual([Number(before.a) + 1, Number(before.p) + 1, Number(before.k) + 1]);
  });

  it('purges uploads never attached after two hours, files included, and keeps attached ones', async () => {
    const orphan = await attachments.upload(multipartRequest('oubli.pdf', [await encryptedFor(PDF, practiceKey)]), practitionerId, 'application/pdf', regulator, actor);
    const claimed = await attachments.upload(multipartRequest('radio.png', [await encryptedFor(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0]), practiceKey)]), practitionerId, 'image/png', regulator, actor);
    // A booking to claim it: the funnel's own path.
    const [slot] = (await search.slotsOf(practitionerId, 48)).slice(6);
    await bookings.book(
      { practitionerId, start: slot.start, consultationType: 'CABINET', alreadyConsulted: false, motifId: snpMotifId, patient: { civility: 'MME', firstName: 'Anne', lastName: 'Test', birthName: 'Test', birthDate: '1990-01-01', phone: '0612345678' } },
      randomUUID(), regulator, actor,
    );
    const before = files().length;
    expect(await attachments.purge(new Date(Date.now() + UNATTACHED_TTL_MS - 60_000))).toBe(0);
    // Two unattached uploads exist now (the first test's PDF and this one); the one a booking claimed stays.
    await db.driver.query(`UPDATE "SasAttachment" SET "bookingId" = (SELECT id FROM "SasBooking" LIMIT 1) WHERE id = $1`, [claimed.id]);
    expect(await attachments.purge(new Date(Date.now() + UNATTACHED_TTL_MS + 60_000))).toBe(2);
    expect(files()).toHaveLength(before - 2);
    const rows = await db.driver.query<{ id: string }>(`SELECT id FROM "SasAttachment"`);
    expect(rows.map((r) => r.id)).not.toContain(orphan.id);
    // The one claimed here and the one booked by the previous test.
    expect(rows).toHaveLength(2);
  });
});

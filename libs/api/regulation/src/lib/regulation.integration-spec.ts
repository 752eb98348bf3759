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
import { SAS_ATTACHMENT_MAX_BYTES } from '@passerelle/shared/contracts';
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
  let snpMotifId: string;

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

  it('streams a file to disk under a random name, and stops a 50 MB one without keeping anything', async () => {
    const pdf = await attachments.upload(multipartRequest('ordonnance.pdf', [Buffer.from('%PDF-1.7\n'), randomBytes(300_000)]), regulator, actor);
    expect(pdf).toMatchObject({ fileName: 'ordonnance.pdf', mediaType: 'application/pdf', sizeBytes: 300_009 });
    expect(files()).toHaveLength(1);
    expect(files()[0]).not.toContain('ordonnance');
    const chunk = Buffer.alloc(1024 * 1024);
    const tooLarge = multipartRequest('enorme.pdf', [Buffer.from('%PDF-1.7\n'), ...Array.from({ length: SAS_ATTACHMENT_MAX_BYTES / chunk.length }, () => chunk)]);
    await expect(attachments.upload(tooLarge, regulator, actor)).rejects.toMatchObject({ status: 413 });
    await expect(attachments.upload(multipartRequest('photo.png', [Buffer.from('%PDF-1.7\n')]), regulator, actor)).rejects.toMatchObject({ status: 400 });
    expect(files()).toHaveLength(1);
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
    const orphan = await attachments.upload(multipartRequest('oubli.pdf', [Buffer.from('%PDF-1.7\n')]), regulator, actor);
    const claimed = await attachments.upload(multipartRequest('radio.png', [Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0])]), regulator, actor);
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
    expect(rows).toHaveLength(1);
  });
});

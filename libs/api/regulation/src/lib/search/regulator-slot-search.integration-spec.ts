import 'reflect-metadata';
import { Test } from '@nestjs/testing';
import { randomBytes, randomUUID } from 'node:crypto';
import { AgendaSettings, isSasEligible, SlotFinder } from '@passerelle/api/agenda';
import { Actor, AuditModule } from '@passerelle/api/audit';
import { ConfigModule } from '@passerelle/api/config';
import { createTestDatabase, TestDatabase, testDatabaseModule } from '@passerelle/api/database/testing';
import { AccountRepository, PeopleRepository } from '@passerelle/api/identity';
import { ConsultationType, SAS_SEARCH_PAGE_SIZE } from '@passerelle/shared/contracts';
import { RegulationModule } from '../regulation.module';
import { RegulatorSlotSearch } from './regulator-slot-search.service';
import { compareCards } from './sas-card-order';
import { SasSearchRepository } from './sas-search.repository';

jest.setTimeout(180_000);

/**
 * The search reads only the agendas its page needs (a best-first search on
 * a lower bound of each first slot). Here its pages are compared with the
 * order of every agenda read in full, on generated agendas with many ties
 * (same hours, same grid), SAS participants and others, several seeds,
 * pages and consultation types.
 */
describe('regulator search ranks its pages as if every agenda were read', () => {
  let db: TestDatabase;
  let search: RegulatorSlotSearch;
  let slots: SlotFinder;
  let repository: SasSearchRepository;
  let actor: Actor;
  const DEPARTEMENT = '48';
  const HOURS = 48;

  // Deterministic "random" choices.
  let seed = 7;
  const next = (n: number) => {
    seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
    // The high bits: the low ones of this generator repeat with a short period.
    return Math.floor((seed / 2 ** 31) * n);
  };

  beforeAll(async () => {
    db = await createTestDatabase();
    const moduleRef = await Test.createTestingModule({
      imports: [ConfigModule.forRoot({ NODE_ENV: 'test', SECRET_KEY: randomBytes(32).toString('hex') }), testDatabaseModule(db), AuditModule, RegulationModule],
    }).compile();
    await moduleRef.init();
    search = moduleRef.get(RegulatorSlotSearch);
    slots = moduleRef.get(SlotFinder, { strict: false });
    repository = moduleRef.get(SasSearchRepository);
    const accounts = moduleRef.get(AccountRepository);
    const people = moduleRef.get(PeopleRepository);
    const settings = moduleRef.get(AgendaSettings, { strict: false });
    const regulator = await accounts.create({ email: `regulateur-${randomUUID()}@exemple.fr`, role: 'REGULATOR', displayName: 'Régulateur', passwordHash: null });
    actor = { accountId: regulator.id, role: 'REGULATOR', ip: null, requestId: null };
    const patientId = await people.createPatient({ birthName: 'PATIENT', firstNames: 'Test', birthDate: '1970-01-01', sex: 'F' });

    for (let i = 0; i < 64; i += 1) {
      const doctor = await accounts.create({ email: `dr-${randomUUID()}@exemple.fr`, role: 'PRACTITIONER', displayName: `Dr ${i}`, passwordHash: null });
      const practiceId = await people.createPractice({ name: `Cabinet ${i}`, addressLine: '1 rue du Test', postcode: '48000', commune: 'Mende', departement: DEPARTEMENT });
      await people.addMember(practiceId, doctor.id, 'PRACTITIONER');
      const id = await people.createPractitioner({
        accountId: doctor.id, practiceId, rpps: String(10_100_000_000 + i), firstName: 'Test', lastName: `Docteur ${i}`, profession: 'Médecin',
        specialtyCode: 'SM54', specialtyLabel: 'Médecine générale', sasParticipation: next(3) > 0, acceptsNewPatients: next(5) > 0,
      });
      const doctorActor: Actor = { accountId: doctor.id, role: 'PRACTITIONER', ip: null, requestId: null };
      const view = await settings.settings(id);
      // Few distinct hours and grids: many practitioners open at the same instants.
      const slotMinutes = [15, 15, 20, 30][next(4)];
      await settings.update(id, { slotMinutes }, doctorActor);
      const profile = next(4);
      const ranges = [1, 2, 3, 4, 5, 6, 7].flatMap((weekday) =>
        profile === 0
          ? [{ weekday, startMinute: 0, endMinute: 1440 }]
          : profile === 1
            ? [{ weekday, startMinute: 8 * 60, endMinute: 12 * 60 }, { weekday, startMinute: 14 * 60, endMinute: 19 * 60 }]
            : profile === 2
              ? [{ weekday, startMinute: 6 * 60, endMinute: 22 * 60 }]
              : weekday % 2 ? [{ weekday, startMinute: 9 * 60, endMinute: 20 * 60 }] : [],
      );
      const types: ConsultationType[] = next(3) === 0 ? ['CABINET', 'VIDEO'] : ['CABINET'];
      await settings.replaceHours(id, { ranges: ranges.map((r) => ({ ...r, placeId: view.places[0].id, consultationTypes: types })) }, doctorActor);
      await settings.saveMotif(id, null, { label: 'Première consultation', durationMinutes: slotMinutes, consultationTypes: types, openToNewPatients: true, bookableOnline: true, isSnp: false }, doctorActor);
      if (next(3) === 0) await settings.saveMotif(id, null, { label: 'Soins non programmés', durationMinutes: slotMinutes, consultationTypes: types, openToNewPatients: true, bookableOnline: false, isSnp: true }, doctorActor);
      // 0 to 95 % of the next two days booked, the first hours often full.
      const free = await slots.freeSlots([id], new Date(), new Date(Date.now() + HOURS * 3_600_000));
      const share = [0, 0.3, 0.6, 0.95][next(4)];
      const taken = free.filter((_, k) => k < next(12) || next(100) < share * 100);
      for (const slot of taken) {
        await db.driver.query(
          `INSERT INTO "Appointment" (id, "practitionerId", "placeId", "patientId", "motifLabel", "consultationType", "startsAt", "endsAt", status, channel, "createdAt", "updatedAt")
           VALUES (gen_random_uuid(), $1, $2, $3, 'Consultation', 'CABINET', $4, $5, 'BOOKED', 'PRACTICE', now(), now())`,
          [id, slot.placeId, patientId, slot.start, slot.end],
        );
      }
    }
  });
  afterAll(async () => {
    await db.destroy();
  });

  /** Every candidate's whole window read, then the cards' order. */
  async function exhaustive(seedOfSearch: number, type: ConsultationType | undefined, now: Date) {
    const candidates = await repository.candidates('SM54', [DEPARTEMENT], [], seedOfSearch);
    const to = new Date(now.getTime() + HOURS * 3_600_000);
    const all = await slots.freeSlots(candidates.map((c) => c.id), now, to, now);
    const first = new Map<string, number>();
    for (const slot of all) {
      if (!isSasEligible(slot) || (type && !slot.consultationTypes.includes(type))) continue;
      if (!first.has(slot.practitionerId)) first.set(slot.practitionerId, slot.start.getTime());
    }
    return candidates.map((c) => ({ ...c, firstSlot: first.get(c.id) ?? null })).sort(compareCards);
  }

  it('gives the same cards, in the same order, with the same first slot', async () => {
    let compared = 0;
    let mostWithSlots = 0;
    for (const searchSeed of [11, 2_024, 99_991]) {
      for (const consultationType of [undefined, 'VIDEO' as const]) {
        const now = new Date();
        const expected = await exhaustive(searchSeed, consultationType, now);
        const withAnySlot = expected.filter((c) => c.firstSlot !== null).length;
        expect(withAnySlot).toBeGreaterThan(consultationType ? 3 : 30);
        mostWithSlots = Math.max(mostWithSlots, withAnySlot);
        for (const page of [1, 2, 3, 4]) {
          const result = await search.search({ specialty: 'SM54', place: DEPARTEMENT, hours: HOURS, page, seed: searchSeed, consultationType }, actor, now);
          const wanted = expected.slice((page - 1) * SAS_SEARCH_PAGE_SIZE, page * SAS_SEARCH_PAGE_SIZE);
          const withSlots = wanted.filter((c) => c.firstSlot !== null);
          // Cards with slots: exactly these, in this order, starting at their first slot.
          expect(result.cards.slice(0, withSlots.length).map((c) => [c.practitionerId, c.slots[0] ? Date.parse(c.slots[0].start) : null])).toEqual(
            withSlots.map((c) => [c.id, c.firstSlot]),
          );
          // Then those without a slot (their order is not ranked: any of them).
          for (const card of result.cards.slice(withSlots.length)) expect(card.slots).toEqual([]);
          expect(result.cards).toHaveLength(wanted.length);
          compared += withSlots.length;
        }
      }
    }
    expect(compared).toBeGreaterThan(100);
    // And it did not read every agenda: the trail says how many it ranked.
    const searches = await db.driver.query<{ details: { ranked: number } }>(`SELECT details FROM "AuditEvent" WHERE action = 'sas.slots.search'`);
    const ranked = searches.map((row) => row.details.ranked);
    expect(ranked).toHaveLength(3 * 2 * 4);
    expect(Math.min(...ranked)).toBeLessThan(mostWithSlots / 2);
  });
});

import 'reflect-metadata';
import { createTestDatabase, TestDatabase } from '@passerelle/api/database/testing';
import { Forbidden } from '@passerelle/api/platform';
import { AuditTrail } from '@passerelle/api/audit';
import { AgendaRepository } from './agenda/agenda.repository';
import { AgendaSettings } from './agenda/agenda-settings.service';
import { AgendaViews } from './agenda/agenda-views.service';
import { SlotFinder } from './agenda/slot-finder';
import { AppointmentBooking } from './appointments/appointment-booking.service';
import { AppointmentLifecycle } from './appointments/appointment-lifecycle.service';
import { PracticeRepository } from './practice/practice.repository';
import { PracticeTeam } from './practice/practice-team.service';
import { agendaTestModule } from './testing/agenda-test-module';
import { AccessPolicy as AccessPolicyToken } from '@passerelle/api/auth';
import { addDays, isoWeekday, parisCivilDate, parisInstant } from './slots/paris-time';

jest.setTimeout(120_000);

const ALL_WEEK = [1, 2, 3, 4, 5, 6, 7];

describe('agenda on PostgreSQL', () => {
  let db: TestDatabase;
  let t: Awaited<ReturnType<typeof agendaTestModule>>;
  let settings: AgendaSettings;
  let booking: AppointmentBooking;
  let lifecycle: AppointmentLifecycle;
  let slots: SlotFinder;
  let views: AgendaViews;

  beforeAll(async () => {
    db = await createTestDatabase();
    t = await agendaTestModule(db);
    settings = t.get(AgendaSettings);
    booking = t.get(AppointmentBooking);
    lifecycle = t.get(AppointmentLifecycle);
    slots = t.get(SlotFinder);
    views = t.get(AgendaViews);
  });
  afterAll(() => db.destroy());

  /** A practitioner open every day 08:00–20:00 with one motif open to new patients. */
  async function openAgenda(over: { snpRanges?: boolean } = {}) {
    const p = await t.practice();
    const actor = t.actorOf(p.doctor);
    const view = await settings.settings(p.practitionerId);
    const placeId = view.places[0].id;
    await settings.replaceHours(p.practitionerId, { ranges: ALL_WEEK.map((weekday) => ({ weekday, startMinute: 8 * 60, endMinute: 20 * 60, placeId, consultationTypes: ['CABINET', 'VIDEO'] })) }, actor);
    const consult = await settings.saveMotif(p.practitionerId, null, { label: 'Consultation', durationMinutes: 15, consultationTypes: ['CABINET', 'VIDEO'], openToNewPatients: true, bookableOnline: true }, actor);
    const snp = over.snpRanges
      ? await settings.saveMotif(p.practitionerId, null, { label: 'Soins non programmés', durationMinutes: 15, consultationTypes: ['CABINET'], openToNewPatients: false, bookableOnline: false, ranges: ALL_WEEK.map((weekday) => ({ weekday, startMinute: 14 * 60, endMinute: 16 * 60 })) }, actor)
      : null;
    // Public holidays are pre-filled; waive them so tests do not depend on the date.
    for (const b of await settings.blocks(p.practitionerId, new Date(), new Date(Date.now() + 400 * 86_400_000))) {
      await settings.removeBlock(p.practitionerId, b.id, actor);
    }
    return { ...p, actor, placeId, consult, snp };
  }

  /** Tomorrow at hh:mm, Paris time. */
  const tomorrowAt = (minute: number) => parisInstant(addDays(parisCivilDate(new Date()), 1), minute);

  it('rolls the horizon forward by itself, day after day', async () => {
    const a = await openAgenda();
    const now = new Date();
    const far = new Date(now.getTime() + 200 * 86_400_000);
    const lastToday = (await slots.freeSlots([a.practitionerId], now, far, now)).at(-1);
    const tomorrow = new Date(now.getTime() + 86_400_000);
    const lastTomorrow = (await slots.freeSlots([a.practitionerId], tomorrow, far, tomorrow)).at(-1);
    expect(lastToday && lastTomorrow).toBeTruthy();
    const days = (d: Date) => Math.round(d.getTime() / 86_400_000);
    expect(days(lastTomorrow!.start) - days(lastToday!.start)).toBe(1);
    expect(lastToday!.start.getTime() - now.getTime()).toBeLessThan(91 * 86_400_000);
    expect(lastToday!.start.getTime() - now.getTime()).toBeGreaterThan(89 * 86_400_000);
  });

  it('applies a change of hours to free slots at once and lists, never moves, the bookings outside them', async () => {
    const a = await openAgenda();
    const patient = await t.patient();
    const staff = { account: a.doctor, actor: a.actor, isStaff: true, channel: 'PRACTICE' as const };
    await t.people.declareCareRelationship(patient.patientId, a.practitionerId, a.doctor.id);
    const evening = await booking.book(a.practitionerId, { start: tomorrowAt(19 * 60).toISOString(), consultationType: 'CABINET', motifId: a.consult!.id, patientId: patient.patientId }, staff);
    const morning = await booking.book(a.practitionerId, { start: tomorrowAt(9 * 60).toISOString(), consultationType: 'CABINET', motifId: a.consult!.id, patientId: patient.patientId }, staff);
    const result = await settings.replaceHours(a.practitionerId, { ranges: ALL_WEEK.map((weekday) => ({ weekday, startMinute: 8 * 60, endMinute: 12 * 60, placeId: a.placeId, consultationTypes: ['CABINET' as const] })) }, a.actor);
    expect(result.conflicts.map((c) => c.id)).toEqual([evening.id]);
    expect(result.conflicts.map((c) => c.id)).not.toContain(morning.id);
    const tomorrowSlots = await slots.freeSlots([a.practitionerId], tomorrowAt(0), tomorrowAt(24 * 60));
    expect(tomorrowSlots.every((s) => s.start < tomorrowAt(12 * 60))).toBe(true);
    // The evening booking is still there, unchanged.
    const calendar = await views.calendar(a.practitionerId, tomorrowAt(0), tomorrowAt(24 * 60), a.actor);
    expect(calendar.appointments.find((x) => x.id === evening.id)).toMatchObject({ status: 'BOOKED', start: evening.start });
  });

  it('hides the slots of a blocked period at once, and shows them again when the block goes', async () => {
    const a = await openAgenda();
    const before = await slots.freeSlots([a.practitionerId], tomorrowAt(10 * 60), tomorrowAt(11 * 60));
    expect(before).toHaveLength(4);
    const block = await settings.addBlock(a.practitionerId, { kind: 'ABSENCE', label: 'Formation', startsAt: tomorrowAt(10 * 60).toISOString(), endsAt: tomorrowAt(10 * 60 + 30).toISOString() }, a.actor);
    expect((await slots.freeSlots([a.practitionerId], tomorrowAt(10 * 60), tomorrowAt(11 * 60))).map((s) => s.start.toISOString())).toEqual([tomorrowAt(630).toISOString(), tomorrowAt(645).toISOString()]);
    await settings.removeBlock(a.practitionerId, block.id, a.actor);
    expect(await slots.freeSlots([a.practitionerId], tomorrowAt(10 * 60), tomorrowAt(11 * 60))).toHaveLength(4);
  });

  it('pre-fills French public holidays, which can be worked (waived) and stay waived', async () => {
    const p = await t.practice('57');
    const year = parisCivilDate(new Date()).year;
    const blocks = await settings.blocks(p.practitionerId, parisInstant({ year, month: 1, day: 1 }, 0), parisInstant({ year: year + 2, month: 1, day: 1 }, 0));
    const holidays = blocks.filter((b) => b.kind === 'PUBLIC_HOLIDAY');
    expect(holidays.length).toBeGreaterThanOrEqual(2 * 13); // Moselle: 11 + Good Friday + St Stephen's Day
    const christmas = holidays.find((h) => h.label === 'Noël')!;
    await settings.removeBlock(p.practitionerId, christmas.id, t.actorOf(p.doctor));
    expect(await settings.ensurePublicHolidays(p.practitionerId)).toBe(0);
    const again = await settings.blocks(p.practitionerId, new Date(christmas.startsAt), new Date(christmas.endsAt));
    expect(again).toEqual([expect.objectContaining({ id: christmas.id, waived: true })]);
  });

  it('pre-fills many agendas at once (the daily job): each its département\'s holidays, nothing the second time', async () => {
    const moselle = await t.practice('57');
    const paris = await t.practice('75');
    const ids = [moselle.practitionerId, paris.practitionerId];
    // As if these agendas had never been pre-filled (the audit-free way: straight in SQL).
    await db.driver.query(`DELETE FROM "AgendaBlock" WHERE kind = 'PUBLIC_HOLIDAY' AND "practitionerId" = ANY($1::uuid[])`, [ids]);
    const batch = [{ id: moselle.practitionerId, departement: '57' }, { id: paris.practitionerId, departement: '75' }];
    expect(await settings.ensurePublicHolidaysOf(batch)).toBe(2 * 11 + 2 * 13);
    const count = async (id: string) => Number((await db.driver.query<{ n: string }>(`SELECT count(*)::text AS n FROM "AgendaBlock" WHERE kind = 'PUBLIC_HOLIDAY' AND "practitionerId" = $1`, [id]))[0].n);
    // Paris: the 11 national days a year; Moselle: also Good Friday and St Stephen's Day.
    expect(await count(paris.practitionerId)).toBe(2 * 11);
    expect(await count(moselle.practitionerId)).toBe(2 * 13);
    expect(await settings.ensurePublicHolidaysOf(batch)).toBe(0);
  });

  it('places "Soins non programmés" on its ranges, on the same slots as the other motifs', async () => {
    const a = await openAgenda({ snpRanges: true });
    const day = await slots.freeSlots([a.practitionerId], tomorrowAt(13 * 60), tomorrowAt(17 * 60));
    const at = (minute: number) => day.find((s) => s.start.getTime() === tomorrowAt(minute).getTime())!;
    expect(at(14 * 60).motifIds.sort()).toEqual([a.consult!.id, a.snp!.id].sort());
    expect(at(14 * 60).visibility).toEqual(expect.arrayContaining(['PUBLIC', 'NEW_PATIENTS', 'SNP']));
    expect(at(13 * 60).motifIds).toEqual([a.consult!.id]);
    expect(at(16 * 60).visibility).not.toContain('SNP');
  });

  it('restricts online booking to the allow-list when the practice asks for it', async () => {
    const a = await openAgenda();
    await settings.update(a.practitionerId, { onlineBookingMode: 'ALLOW_LIST' }, a.actor);
    const patient = await t.patient();
    const asPatient = { account: patient.account!, actor: t.actorOf(patient.account!), isStaff: false, channel: 'PATIENT_ONLINE' as const };
    const request = { start: tomorrowAt(11 * 60).toISOString(), consultationType: 'CABINET' as const, motifId: a.consult!.id };
    await expect(booking.book(a.practitionerId, request, asPatient)).rejects.toThrow(/patients enregistrés/);
    await t.get(PracticeTeam).allow(a.doctor, a.actor, patient.account!.email.toUpperCase());
    expect(await t.get(PracticeRepository).isAllowed(a.practiceId, patient.account!.email)).toBe(true);
    await expect(booking.book(a.practitionerId, request, asPatient)).resolves.toMatchObject({ status: 'BOOKED', channel: 'PATIENT_ONLINE' });
  });

  it('keeps no-shows in the patient history and counts them; done creates the care relationship', async () => {
    const a = await openAgenda();
    const patient = await t.patient();
    await t.people.declareCareRelationship(patient.patientId, a.practitionerId, a.doctor.id);
    // Past appointments are written directly: booking only offers future slots.
    const past = async (daysAgo: number) =>
      (await db.driver.query<{ id: string }>(
        `INSERT INTO "Appointment" (id, "practitionerId", "placeId", "patientId", "motifLabel", "consultationType", "startsAt", "endsAt", channel, "updatedAt")
         VALUES (gen_random_uuid(), $1, $2, $3, 'Consultation', 'CABINET', now() - make_interval(days => $4), now() - make_interval(days => $4) + interval '15 minutes', 'PRACTICE', now()) RETURNING id::text`,
        [a.practitionerId, a.placeId, patient.patientId, daysAgo],
      ))[0].id;
    const [first, second, third] = [await past(3), await past(2), await past(1)];
    await lifecycle.markNoShow(first, a.doctor, a.actor);
    await lifecycle.markNoShow(second, a.doctor, a.actor);
    const done = await lifecycle.markDone(third, a.doctor, a.actor);
    expect(done.statusChangedBy).toBe('Dr Test');
    const history = await views.history(patient.patientId, a.doctor, a.actor);
    expect(history.noShowCount).toBe(2);
    expect(history.appointments.filter((x) => x.status === 'NO_SHOW').map((x) => x.id).sort()).toEqual([first, second].sort());
    await expect(lifecycle.markNoShow(first, a.doctor, a.actor)).rejects.toThrow(/déjà/);

    const newcomer = await t.patient(false);
    const id = (await db.driver.query<{ id: string }>(
      `INSERT INTO "Appointment" (id, "practitionerId", "placeId", "patientId", "motifLabel", "consultationType", "startsAt", "endsAt", channel, "updatedAt")
       VALUES (gen_random_uuid(), $1, $2, $3, 'Consultation', 'CABINET', now() - interval '1 hour', now() - interval '45 minutes', 'PRACTICE', now()) RETURNING id::text`,
      [a.practitionerId, a.placeId, newcomer.patientId],
    ))[0].id;
    expect(await t.people.hasCareRelationship(newcomer.patientId, a.practitionerId)).toBe(false);
    await lifecycle.markDone(id, a.doctor, a.actor);
    expect(await t.people.hasCareRelationship(newcomer.patientId, a.practitionerId)).toBe(true);
  });

  it('lets a secretary do on the agenda what the practitioner can, records who did it, and stops at detachment', async () => {
    const a = await openAgenda();
    const secretary = await t.account('SECRETARY', 'Secrétaire Test');
    const team = t.get(PracticeTeam);
    await team.attachSecretary(a.doctor, a.actor, secretary.email);
    const access = t.get(AccessPolicyToken);
    expect(await access.canManagePractitioner(secretary, a.practitionerId)).toBe(true);
    const patient = await t.patient();
    await t.people.declareCareRelationship(patient.patientId, a.practitionerId, a.doctor.id);
    const appt = await booking.book(a.practitionerId, { start: tomorrowAt(15 * 60).toISOString(), consultationType: 'CABINET', motifId: a.consult!.id, patientId: patient.patientId }, { account: secretary, actor: t.actorOf(secretary), isStaff: true, channel: 'PRACTICE' });
    expect(appt.bookedBy).toBe('Secrétaire Test');
    const moved = await lifecycle.move(appt.id, tomorrowAt(16 * 60), secretary, t.actorOf(secretary));
    expect(moved).toMatchObject({ start: tomorrowAt(16 * 60).toISOString(), statusChangedBy: 'Secrétaire Test' });
    const cancelled = await lifecycle.cancel(appt.id, a.doctor, a.actor);
    expect(cancelled).toMatchObject({ status: 'CANCELLED', statusChangedBy: 'Dr Test' });

    await team.detachSecretary(a.doctor, a.actor, secretary.id);
    expect(await access.canManagePractitioner(secretary, a.practitionerId)).toBe(false);
    const other = await openAgenda();
    expect(await access.canManagePractitioner(a.doctor, other.practitionerId)).toBe(false);
    await expect(lifecycle.markNoShow(appt.id, other.doctor, other.actor)).rejects.toBeInstanceOf(Forbidden);
  });

  it('lets a patient cancel only before the cut-off', async () => {
    const a = await openAgenda();
    await settings.update(a.practitionerId, { patientCancelCutoffHours: 48 }, a.actor);
    const patient = await t.patient();
    const asPatient = { account: patient.account!, actor: t.actorOf(patient.account!), isStaff: false, channel: 'PATIENT_ONLINE' as const };
    const soon = await booking.book(a.practitionerId, { start: tomorrowAt(12 * 60).toISOString(), consultationType: 'CABINET', motifId: a.consult!.id }, asPatient);
    await expect(lifecycle.cancel(soon.id, patient.account!, asPatient.actor)).rejects.toThrow(/ne peut plus être annulé en ligne/);
    const later = await booking.book(a.practitionerId, { start: parisInstant(addDays(parisCivilDate(new Date()), 5), 12 * 60).toISOString(), consultationType: 'CABINET', motifId: a.consult!.id }, asPatient);
    await expect(lifecycle.cancel(later.id, patient.account!, asPatient.actor)).resolves.toMatchObject({ status: 'CANCELLED' });
  });

  it('asks a mobile number for a video consultation and refuses motifs closed to new patients', async () => {
    const a = await openAgenda();
    const closed = await settings.saveMotif(a.practitionerId, null, { label: 'Suivi', durationMinutes: 15, consultationTypes: ['CABINET'], openToNewPatients: false, bookableOnline: true }, a.actor);
    const patient = await t.patient();
    const asPatient = { account: patient.account!, actor: t.actorOf(patient.account!), isStaff: false, channel: 'PATIENT_ONLINE' as const };
    await expect(booking.book(a.practitionerId, { start: tomorrowAt(9 * 60).toISOString(), consultationType: 'VIDEO', motifId: a.consult!.id }, asPatient)).rejects.toThrow(/mobile/);
    await expect(booking.book(a.practitionerId, { start: tomorrowAt(9 * 60).toISOString(), consultationType: 'CABINET', motifId: closed.id }, asPatient)).rejects.toThrow(/déjà suivis/);
    await expect(booking.book(a.practitionerId, { start: tomorrowAt(9 * 60).toISOString(), consultationType: 'VIDEO', motifId: a.consult!.id, patientMobile: '0612345678' }, asPatient)).resolves.toMatchObject({ consultationType: 'VIDEO' });
  });

  it('lets the database decide: 200 concurrent attempts on 10 slots → exactly 10 bookings, the rest 409', async () => {
    const a = await openAgenda();
    const patients = await Promise.all(Array.from({ length: 20 }, () => t.patient()));
    const targets = Array.from({ length: 10 }, (_, i) => tomorrowAt(8 * 60 + i * 15));
    const attempts = Array.from({ length: 200 }, (_, i) => {
      const p = patients[i % patients.length];
      return booking
        .book(a.practitionerId, { start: targets[i % 10].toISOString(), consultationType: 'CABINET', motifId: a.consult!.id }, { account: p.account!, actor: t.actorOf(p.account!), isStaff: false, channel: 'PATIENT_ONLINE' })
        .then(() => 'booked', (e: Error & { status?: number; code?: string }) => (e.status === 409 ? 'taken' : `error: ${e.message}`));
    });
    const outcomes = await Promise.all(attempts);
    expect(outcomes.filter((o) => o !== 'booked' && o !== 'taken')).toEqual([]);
    expect(outcomes.filter((o) => o === 'booked')).toHaveLength(10);
    expect(outcomes.filter((o) => o === 'taken')).toHaveLength(190);
    const overlaps = await db.driver.query<{ n: string }>(
      `SELECT count(*)::text AS n FROM "Appointment" x JOIN "Appointment" y ON x.id < y.id AND x."practitionerId" = y."practitionerId"
        AND x.status <> 'CANCELLED' AND y.status <> 'CANCELLED' AND tstzrange(x."startsAt", x."endsAt") && tstzrange(y."startsAt", y."endsAt")
        WHERE x."practitionerId" = $1`,
      [a.practitionerId],
    );
    expect(overlaps[0].n).toBe('0');
    // The audit row is written by the booking's own statement: one per booking made, none for a refused one.
    const audited = await db.driver.query<{ n: string }>(
      `SELECT count(*)::text AS n FROM "AuditEvent" WHERE action = 'appointment.book' AND result = 'SUCCESS' AND "onBehalfOf" = $1`,
      [a.practitionerId],
    );
    expect(audited[0].n).toBe('10');
    expect(isoWeekday(parisCivilDate(targets[0]))).toBeGreaterThan(0);
  });

  it('audits a booking in the same statement, keeps the chain verifiable, and moves the directory\'s next free slot after the answer', async () => {
    const a = await openAgenda();
    const agenda = t.get(AgendaRepository);
    await slots.refreshNextFreeSlot(a.practitionerId);
    const next = (await agenda.practitioner(a.practitionerId))!.nextFreeSlotAt!;
    expect(next).toBeInstanceOf(Date);
    const patient = await t.patient();
    const booked = await booking.book(
      a.practitionerId,
      { start: next.toISOString(), consultationType: 'CABINET', motifId: a.consult!.id },
      { account: patient.account!, actor: t.actorOf(patient.account!), isStaff: false, channel: 'PATIENT_ONLINE' },
    );
    const [row] = await db.driver.query<{ actor: string; patient: string; details: { channel: string } }>(
      `SELECT "actorAccountId"::text AS actor, "patientId"::text AS patient, details FROM "AuditEvent" WHERE action = 'appointment.book' AND "resourceId" = $1`,
      [booked.id],
    );
    expect(row).toEqual({ actor: patient.account!.id, patient: booked.patientId, details: { channel: 'PATIENT_ONLINE' } });
    expect(await t.get(AuditTrail).verify()).toMatchObject({ intact: true });
    // The directory's column is recomputed in the background: let it finish.
    await slots.beforeApplicationShutdown();
    const after = (await agenda.practitioner(a.practitionerId))!.nextFreeSlotAt!;
    expect(after.getTime()).toBeGreaterThanOrEqual(new Date(booked.end).getTime());
  });
});

describe('agenda on the embedded PGlite (npm start without DATABASE_URL)', () => {
  let db: TestDatabase;
  let t: Awaited<ReturnType<typeof agendaTestModule>>;

  beforeAll(async () => {
    db = await createTestDatabase('pglite');
    t = await agendaTestModule(db);
  });
  afterAll(() => db.destroy());

  it('runs the raw booking statements: rules, staff check, patient standing, insert with its audit row, refusal of a taken slot', async () => {
    const settings = t.get(AgendaSettings);
    const booking = t.get(AppointmentBooking);
    const p = await t.practice();
    const actor = t.actorOf(p.doctor);
    const placeId = (await settings.settings(p.practitionerId)).places[0].id;
    await settings.replaceHours(p.practitionerId, { ranges: ALL_WEEK.map((weekday) => ({ weekday, startMinute: 8 * 60, endMinute: 20 * 60, placeId, consultationTypes: ['CABINET'] })) }, actor);
    const motif = await settings.saveMotif(p.practitionerId, null, { label: 'Consultation', durationMinutes: 15, consultationTypes: ['CABINET'], openToNewPatients: true, bookableOnline: true }, actor);
    for (const b of await settings.blocks(p.practitionerId, new Date(), new Date(Date.now() + 400 * 86_400_000))) await settings.removeBlock(p.practitionerId, b.id, actor);
    expect(await t.get(AccessPolicyToken).canManagePractitioner(p.doctor, p.practitionerId)).toBe(true);

    const patient = await t.patient();
    const start = parisInstant(addDays(parisCivilDate(new Date()), 1), 9 * 60).toISOString();
    const asPatient = { account: patient.account!, actor: t.actorOf(patient.account!), isStaff: false, channel: 'PATIENT_ONLINE' as const };
    const booked = await booking.book(p.practitionerId, { start, consultationType: 'CABINET', motifId: motif.id }, asPatient);
    expect(booked).toMatchObject({ start, status: 'BOOKED', bookedBy: 'patient' });
    await expect(booking.book(p.practitionerId, { start, consultationType: 'CABINET', motifId: motif.id }, asPatient)).rejects.toMatchObject({ status: 409 });
    const free = await t.get(SlotFinder).freeSlots([p.practitionerId], new Date(start), new Date(new Date(start).getTime() + 3_600_000));
    expect(free.map((s) => s.start.toISOString())).not.toContain(start);
    expect(free).toHaveLength(3);
    await t.people.declareCareRelationship(patient.patientId, p.practitionerId, p.doctor.id);
    const byStaff = await booking.book(
      p.practitionerId,
      { start: new Date(new Date(start).getTime() + 15 * 60_000).toISOString(), consultationType: 'CABINET', motifId: motif.id, patientId: patient.patientId },
      { account: p.doctor, actor, isStaff: true, channel: 'PRACTICE' },
    );
    expect(byStaff).toMatchObject({ channel: 'PRACTICE', patientId: patient.patientId });
    expect(await t.get(AuditTrail).verify()).toMatchObject({ intact: true });
    await t.get(SlotFinder).beforeApplicationShutdown();
  });
});

import { ApiClient } from '../../../../tools/test/http-client';
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from '../../../../tools/test/demo-accounts';

/**
 * The agenda over HTTP: the practice sets hours and motifs, patients book,
 * and every endpoint refuses the wrong role, the wrong user and malformed input.
 */
interface Member { practitionerId: string | null; role: string; displayName: string }
interface Settings { places: { id: string }[]; slotMinutes: number }
interface Slot { start: string; motifIds: string[]; visibility: string[] }
interface Appointment { id: string; status: string; start: string; patientName: string; bookedBy: string | null }
interface ErrorBody { code: string; message: string; fields?: Record<string, string[]>; alternatives?: Slot[] }

const DAY = 86_400_000;

describe('agenda over HTTP', () => {
  let practitioner: ApiClient;
  let secretary: ApiClient;
  let patient: ApiClient;
  let otherPatient: ApiClient;
  let regulator: ApiClient;
  let anonymous: ApiClient;
  let claireId: string;
  let motifId: string;

  beforeAll(async () => {
    [practitioner, secretary, regulator] = await Promise.all(
      [DEMO_ACCOUNTS.practitioner, DEMO_ACCOUNTS.secretary, DEMO_ACCOUNTS.regulator].map(async (account) => {
        const client = new ApiClient();
        await client.loginAsDemo(account);
        return client;
      }),
    );
    patient = new ApiClient();
    await patient.loginAs(DEMO_ACCOUNTS.patient.email, DEMO_PASSWORD);
    otherPatient = new ApiClient();
    await otherPatient.loginAs('jeanne.bernard@exemple.fr', DEMO_PASSWORD);
    anonymous = new ApiClient();
    const members = await secretary.get<Member[]>('/api/practice/members');
    claireId = members.body.find((m) => m.displayName === 'Dr Claire Martin')?.practitionerId ?? '';
    expect(claireId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('lets the practitioner set hours and motifs, and the secretary read them; refuses other roles', async () => {
    const settings = await practitioner.get<Settings>(`/api/practitioners/${claireId}/agenda/settings`);
    expect(settings.status).toBe(200);
    const placeId = settings.body.places[0].id;
    const ranges = [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, startMinute: 8 * 60, endMinute: 20 * 60, placeId, consultationTypes: ['CABINET', 'VIDEO'] }));
    const hours = await practitioner.put<{ conflicts: unknown[] }>(`/api/practitioners/${claireId}/agenda/hours`, { ranges });
    expect(hours.status).toBe(200);
    expect(hours.body.conflicts).toEqual([]);
    const motif = await secretary.post<{ id: string; requiresMobile: boolean }>(`/api/practitioners/${claireId}/motifs`, {
      label: 'Consultation de suivi', durationMinutes: 15, consultationTypes: ['CABINET', 'VIDEO'], openToNewPatients: true, bookableOnline: true,
    });
    expect(motif.status).toBe(201);
    expect(motif.body.requiresMobile).toBe(true);
    motifId = motif.body.id;
    const snp = await practitioner.post<{ isSnp: boolean }>(`/api/practitioners/${claireId}/motifs`, {
      label: 'Soins non programmés', durationMinutes: 15, consultationTypes: ['CABINET'], openToNewPatients: true, bookableOnline: false,
      ranges: [1, 2, 3, 4, 5].map((weekday) => ({ weekday, startMinute: 14 * 60, endMinute: 16 * 60 })),
    });
    expect(snp.body.isSnp).toBe(true);

    for (const [client, expected] of [[patient, 403], [regulator, 403], [anonymous, 401]] as const) {
      expect((await client.get(`/api/practitioners/${claireId}/agenda/settings`)).status).toBe(expected);
      expect((await client.put(`/api/practitioners/${claireId}/agenda/hours`, { ranges })).status).toBe(expected);
      expect((await client.post(`/api/practitioners/${claireId}/motifs`, { label: 'Intrus', durationMinutes: 15, consultationTypes: ['CABINET'], openToNewPatients: true, bookableOnline: true })).status).toBe(expected);
      expect((await client.get(`/api/practitioners/${claireId}/calendar?from=${new Date().toISOString()}&to=${new Date(Date.now() + DAY).toISOString()}`)).status).toBe(expected);
    }
  });

  it('answers malformed agenda input field by field, in French, and changes nothing', async () => {
    const bad = await practitioner.put<ErrorBody>(`/api/practitioners/${claireId}/agenda/hours`, { ranges: [{ weekday: 9, startMinute: 600, endMinute: 500, placeId: 'x', consultationTypes: ['AILLEURS'] }] });
    expect(bad.status).toBe(400);
    expect(Object.keys(bad.body.fields ?? {})).toEqual(expect.arrayContaining(['ranges.0.weekday', 'ranges.0.placeId', 'ranges.0.consultationTypes']));
    const inverted = await practitioner.put<ErrorBody>(`/api/practitioners/${claireId}/agenda/hours`, {
      ranges: [{ weekday: 1, startMinute: 600, endMinute: 500, placeId: (await practitioner.get<Settings>(`/api/practitioners/${claireId}/agenda/settings`)).body.places[0].id, consultationTypes: ['CABINET'] }],
    });
    expect(inverted.status).toBe(400);
    expect(inverted.body.message).toBe('L’heure de fin doit suivre l’heure de début.');
    const motif = await practitioner.post<ErrorBody>(`/api/practitioners/${claireId}/motifs`, { label: 'X', durationMinutes: 'long', consultationTypes: [], openToNewPatients: 'oui', bookableOnline: true });
    expect(motif.status).toBe(400);
    expect(motif.body.fields?.['durationMinutes']).toBeDefined();
    expect((await practitioner.get(`/api/practitioners/pas-un-id/agenda/settings`)).status).toBe(400);
    expect((await practitioner.get(`/api/practitioners/${claireId}/calendar?from=hier&to=demain`)).status).toBe(400);
    // Nothing was written: the week still has its 7 days of hours.
    const slots = await anonymous.get<Slot[]>(`/api/slots?practitioners=${claireId}&from=${new Date().toISOString()}&to=${new Date(Date.now() + 7 * DAY).toISOString()}`);
    expect(slots.status).toBe(200);
    expect(new Set(slots.body.map((s) => new Date(s.start).getUTCDay())).size).toBe(7);
  });

  it('lets a patient book what is open to them; the second booking of the slot gets 409 with alternatives', async () => {
    const from = new Date(Date.now() + 2 * DAY);
    const page = await patient.get<{ slots: Slot[]; motifs: { id: string }[] }>(`/api/practitioners/${claireId}/booking-page?from=${from.toISOString()}&to=${new Date(from.getTime() + 2 * DAY).toISOString()}`);
    expect(page.status).toBe(200);
    expect(page.body.motifs.map((m) => m.id)).toContain(motifId);
    const slot = page.body.slots.find((s) => s.motifIds.includes(motifId))!;
    const first = await patient.post<Appointment>(`/api/practitioners/${claireId}/appointments`, { start: slot.start, consultationType: 'CABINET', motifId });
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ status: 'BOOKED', patientName: 'Marie DURAND' });
    const second = await otherPatient.post<ErrorBody>(`/api/practitioners/${claireId}/appointments`, { start: slot.start, consultationType: 'CABINET', motifId });
    expect(second.status).toBe(409);
    expect(second.body.code).toBe('SLOT_TAKEN');
    expect(second.body.alternatives?.length).toBeGreaterThan(0);
    expect(second.body.alternatives?.[0].start).not.toBe(slot.start);

    const video = await otherPatient.post<ErrorBody>(`/api/practitioners/${claireId}/appointments`, { start: second.body.alternatives![0].start, consultationType: 'VIDEO', motifId });
    expect(video.status).toBe(400);
    expect(video.body.fields?.['patientMobile']?.[0]).toMatch(/mobile/);
    const badMobile = await otherPatient.post<ErrorBody>(`/api/practitioners/${claireId}/appointments`, { start: second.body.alternatives![0].start, consultationType: 'VIDEO', motifId, patientMobile: '0145454545' });
    expect(badMobile.status).toBe(400);

    const mine = await patient.get<Appointment[]>('/api/patient/appointments');
    expect(mine.body.map((a) => a.id)).toContain(first.body.id);
    // Another patient can neither see nor cancel it; the regulator cannot either.
    expect((await otherPatient.get<Appointment[]>('/api/patient/appointments')).body.map((a) => a.id)).not.toContain(first.body.id);
    expect((await otherPatient.post(`/api/appointments/${first.body.id}/cancel`, {})).status).toBe(403);
    expect((await regulator.post(`/api/appointments/${first.body.id}/cancel`, {})).status).toBe(403);
    expect((await patient.post(`/api/appointments/${first.body.id}/no-show`)).status).toBe(403);
    expect((await patient.post(`/api/appointments/${first.body.id}/cancel`, { reason: 'Empêchement' })).body).toMatchObject({ status: 'CANCELLED' });
  });

  it('lets the secretary book for a patient of the practice, move it, and refuses the same for someone outside it', async () => {
    const patients = await secretary.get<{ patient: { id: string; birthName: string } }[]>('/api/practice/patients');
    const jeanne = patients.body.find((p) => p.patient.birthName === 'LEROY')!.patient.id;
    const from = new Date(Date.now() + 3 * DAY);
    const slots = await anonymous.get<Slot[]>(`/api/slots?practitioners=${claireId}&from=${from.toISOString()}&to=${new Date(from.getTime() + DAY).toISOString()}`);
    const [a, b] = slots.body;
    const booked = await secretary.post<Appointment>(`/api/practitioners/${claireId}/appointments`, { start: a.start, consultationType: 'CABINET', motifId, patientId: jeanne });
    expect(booked.status).toBe(201);
    expect(booked.body.bookedBy).toBe('Sophie Lefèvre');
    const moved = await secretary.post<Appointment>(`/api/appointments/${booked.body.id}/move`, { start: b.start });
    expect(moved.body.start).toBe(b.start);
    const lina = (await (async () => { const c = new ApiClient(); await c.loginAs('lina.roux@exemple.fr', DEMO_PASSWORD); return c.get<{ id: string }>('/api/patients/me'); })()).body.id;
    const outsider = await secretary.post<ErrorBody>(`/api/practitioners/${claireId}/appointments`, { start: a.start, consultationType: 'CABINET', motifId, patientId: lina });
    expect(outsider.status).toBe(403);
    const unknown = await secretary.post<ErrorBody>('/api/practitioners/00000000-0000-4000-8000-000000000000/appointments', { start: a.start, consultationType: 'CABINET', motifId, patientId: jeanne });
    expect(unknown.status).toBe(404);
    expect(unknown.body.message).toBe('Praticien introuvable.');
    const future = await secretary.post<ErrorBody>(`/api/appointments/${booked.body.id}/no-show`);
    expect(future.status).toBe(409);
    expect(future.body.message).toBe('Ce rendez-vous n’a pas encore commencé.');
  });

  it('refuses more than 25 practitioners or a window over 14 days on the public slots endpoint', async () => {
    const ids = Array.from({ length: 26 }, () => claireId).join(',');
    expect((await anonymous.get(`/api/slots?practitioners=${ids}&from=${new Date().toISOString()}&to=${new Date(Date.now() + DAY).toISOString()}`)).status).toBe(400);
    const long = await anonymous.get<ErrorBody>(`/api/slots?practitioners=${claireId}&from=${new Date().toISOString()}&to=${new Date(Date.now() + 20 * DAY).toISOString()}`);
    expect(long.status).toBe(400);
    expect(long.body.message).toBe('Période de 14 jours au plus.');
  });
});

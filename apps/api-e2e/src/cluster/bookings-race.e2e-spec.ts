import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { REGULATION_ROUTES } from '@passerelle/shared/contracts';
import { ApiClient } from '../../../../tools/test/http-client';
import { extraRegulators } from '../regulation/regulation-support';
import { createPractitioner, CreatedPractitioner } from '../sas/sas-support';
import { Instance, instances } from './support/cluster';

interface Answer {
  status: number;
  body: { id?: string; code?: string; alternatives?: unknown[] };
  headers: Headers;
}

/**
 * Regulators racing for the same slots through two instances: PostgreSQL
 * decides (exclusion constraint), not an instance, so exactly one booking
 * per slot succeeds wherever the requests land; idempotency keys are
 * shared too (a retry on the other instance replays the first answer).
 */
describe('SAS bookings racing across instances', () => {
  let db: Client;
  let a: Instance;
  let b: Instance;
  let practitioner: CreatedPractitioner;
  let motifId: string;
  let regulators: ApiClient[];

  /** The same regulator session, on one given instance. */
  const on = (client: ApiClient, instance: Instance): ApiClient => {
    const copy = new ApiClient(instance.url, { sourceIp: client.sourceIp });
    for (const [name, value] of client.cookies) copy.cookies.set(name, value);
    return copy;
  };
  const body = (start: string, lastName: string) => ({
    practitionerId: practitioner.id,
    start,
    consultationType: 'CABINET',
    alreadyConsulted: false,
    motifId,
    patient: { civility: 'MME', firstName: 'Camille', lastName, birthName: lastName, birthDate: '1961-04-12', phone: '06 45 37 26 53' },
  });
  const book = async (client: ApiClient, payload: object, key: string): Promise<Answer> =>
    (await client.post(REGULATION_ROUTES.bookings, payload, { headers: { 'Idempotency-Key': key } })) as unknown as Answer;

  beforeAll(async () => {
    [a, b] = instances();
    db = new Client({ connectionString: process.env['PASSERELLE_E2E_DATABASE_URL'] });
    await db.connect();
    practitioner = await createPractitioner(db, {
      sasParticipation: true,
      places: [{ name: 'Maison de santé', startMinute: 0, endMinute: 24 * 60 }],
      motifs: [{ label: 'Soins non programmés', openToNewPatients: true, bookableOnline: false, isSnp: true }],
    });
    motifId = (await db.query<{ id: string }>('SELECT id FROM "Motif" WHERE "practitionerId" = $1', [practitioner.id])).rows[0].id;
    regulators = await extraRegulators('grappe', 10);
  }, 180_000);
  afterAll(() => db.end());

  it('100 concurrent bookings of 10 slots, split over both instances: exactly 10 succeed, 90 are told the slot is taken', async () => {
    const offered = await regulators[0].get<{ start: string }[]>(`${REGULATION_ROUTES.practitionerSlots(practitioner.id)}?hours=48`);
    expect(offered.status).toBe(200);
    // Ten slots at least an hour apart, none overlapping another.
    const slots = offered.body.filter((_, i) => i % 2 === 0).slice(4, 14).map((s) => s.start);
    expect(slots).toHaveLength(10);

    const attempts = Array.from({ length: 100 }, (_, i) => ({ slot: slots[i % 10], instance: i % 2 === 0 ? a : b, regulator: regulators[Math.floor(i / 10)] }));
    const answers = await Promise.all(attempts.map((t, i) => book(on(t.regulator, t.instance), body(t.slot, `Patiente ${String.fromCharCode(65 + (i % 26))}${String.fromCharCode(97 + Math.floor(i / 26))}`), randomUUID())));

    expect(answers.filter((x) => x.status !== 201 && x.status !== 409).map((x) => `${x.status} ${JSON.stringify(x.body)}`)).toEqual([]);
    const won = answers.map((x, i) => ({ ...attempts[i], status: x.status })).filter((x) => x.status === 201);
    expect(won).toHaveLength(10);
    expect(new Set(won.map((w) => w.slot)).size).toBe(10);
    // Both instances took bookings, and refused others.
    for (const instance of [a, b]) {
      expect(answers.some((x, i) => attempts[i].instance === instance && x.status === 409)).toBe(true);
    }
    const losers = answers.filter((x) => x.status === 409);
    expect(losers).toHaveLength(90);
    expect(losers.every((l) => l.body.code === 'SLOT_TAKEN')).toBe(true);

    const { rows } = await db.query<{ startsAt: Date; n: number }>(
      `SELECT "startsAt", count(*)::int AS n FROM "Appointment" WHERE "practitionerId" = $1 AND status <> 'CANCELLED' GROUP BY "startsAt" ORDER BY "startsAt"`,
      [practitioner.id],
    );
    expect(rows.map((r) => [r.startsAt.toISOString(), r.n])).toEqual([...slots].sort().map((s) => [new Date(s).toISOString(), 1]));
    const bookings = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM "SasBooking" s JOIN "Appointment" ap ON ap.id = s."appointmentId" WHERE ap."practitionerId" = $1`, [practitioner.id]);
    expect(bookings.rows[0].n).toBe(10);
  });

  it('replays a booking retried on the other instance with the same Idempotency-Key, and refuses the key with another body', async () => {
    const offered = await regulators[0].get<{ start: string }[]>(`${REGULATION_ROUTES.practitionerSlots(practitioner.id)}?hours=48`);
    const slot = offered.body[offered.body.length - 1].start;
    const key = randomUUID();
    const first = await book(on(regulators[1], a), body(slot, 'Retry'), key);
    expect(first.status).toBe(201);
    const retried = await book(on(regulators[1], b), body(slot, 'Retry'), key);
    expect(retried.status).toBe(200);
    expect(retried.headers.get('idempotent-replayed')).toBe('true');
    expect(retried.body.id).toBe(first.body.id);
    const changed = await book(on(regulators[1], b), body(slot, 'Autre'), key);
    expect(changed.status).toBe(409);
  });
});

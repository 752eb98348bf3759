import { createServer, IncomingMessage, Server } from 'node:http';
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { ApiClient } from '../../../../tools/test/http-client';
import { DEMO_ACCOUNTS } from '../../../../tools/test/demo-accounts';
import { createPractitioner, CreatedPractitioner, database, FhirResource, SasPlatform } from './sas-support';

/**
 * INT_R03: changes of appointments booked by a regulator reach the SAS
 * platform (played here by a local HTTP server on the port the API was
 * configured with), through the durable outbox — nothing is lost while the
 * platform is down, and it gets POST then conditional PUTs once it is back.
 */
interface Received { method: string; url: string; contentType: string; body: FhirResource }

const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}[+-]\d{2}:\d{2}$/;
const INTRN = 'urn:oid:1.2.250.1.213.3.6';

async function until<T>(what: string, probe: () => Promise<T | undefined | false>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('SAS appointment notifications (INT_R03)', () => {
  const received: Received[] = [];
  let server: Server | null = null;
  let db: Client;
  let secretary: ApiClient;
  let practitioner: CreatedPractitioner;
  let regulatorAccountId: string;
  let regulatorTechnicalId: string;
  let patientId: string;
  let claire: { id: string; placeId: string; rpps: string };

  const startPlatform = () =>
    new Promise<void>((resolve) => {
      server = createServer((req: IncomingMessage, res) => {
        let text = '';
        req.on('data', (c: Buffer) => (text += c.toString()));
        req.on('end', () => {
          received.push({ method: req.method ?? '', url: req.url ?? '', contentType: req.headers['content-type'] ?? '', body: JSON.parse(text) as FhirResource });
          res.writeHead(req.method === 'POST' ? 201 : 200, { 'content-type': 'application/fhir+json' });
          res.end(JSON.stringify({ resourceType: 'Appointment', id: randomUUID() }));
        });
      });
      server.listen(Number(process.env['PASSERELLE_E2E_SAS_PLATFORM_PORT']), '127.0.0.1', () => resolve());
    });

  const notifications = async (appointmentId: string) =>
    (await db.query<{ status: string; attempts: number; lastError: string | null }>('SELECT status, attempts, "lastError" FROM "SasAppointmentNotification" WHERE "appointmentId" = $1 ORDER BY "createdAt"', [appointmentId])).rows;

  const insertAppointment = async (o: { practitionerId: string; placeId: string; start: Date; channel: string; bookedById: string | null }) =>
    (
      await db.query<{ id: string }>(
        `INSERT INTO "Appointment" (id, "practitionerId", "placeId", "patientId", "motifLabel", "consultationType", "startsAt", "endsAt", channel, "bookedById", "updatedAt")
         VALUES (gen_random_uuid(), $1, $2, $3, 'Soins non programmés', 'CABINET', $4, $5, $6, $7, now()) RETURNING id`,
        [o.practitionerId, o.placeId, patientId, o.start, new Date(o.start.getTime() + 15 * 60_000), o.channel, o.bookedById],
      )
    ).rows[0].id;

  beforeAll(async () => {
    db = database();
    await db.connect();
    patientId = (await db.query<{ id: string }>('SELECT id FROM "Patient" ORDER BY "createdAt" LIMIT 1')).rows[0].id;
    practitioner = await createPractitioner(db, { sasParticipation: true, places: [{ name: 'Cabinet', startMinute: 0, endMinute: 24 * 60 }], motifs: [] });
    const claireRow = await db.query<{ id: string; rpps: string; placeId: string }>(
      `SELECT p.id, p.rpps, (SELECT id FROM "ConsultationPlace" WHERE "practitionerId" = p.id LIMIT 1) AS "placeId" FROM "Practitioner" p WHERE p.rpps = '10101234567'`,
    );
    claire = claireRow.rows[0];
    // A regulator the platform created (INT_R02): its identifier is the operator of the appointments.
    regulatorTechnicalId = randomUUID();
    const created = await new SasPlatform().send<FhirResource>('POST', '/fhir/Practitioner', {
      resourceType: 'Practitioner',
      identifier: [{ type: { coding: [{ system: 'http://interopsante.org/fhir/CodeSystem/fr-v2-0203', code: 'INTRN' }] }, system: INTRN, value: regulatorTechnicalId }],
      active: true,
      name: [{ family: 'Garnier', given: ['Lucie'] }],
      telecom: [{ system: 'email', value: `notif-${regulatorTechnicalId.slice(0, 8)}@regulation.test` }],
    });
    expect(created.status).toBe(201);
    regulatorAccountId = (await db.query<{ accountId: string }>('SELECT "accountId" FROM "Regulator" WHERE id = $1', [created.body.id])).rows[0].accountId;
    secretary = new ApiClient();
    await secretary.loginAsDemo(DEMO_ACCOUNTS.secretary);
  });

  afterAll(async () => {
    await db.end();
    await new Promise<void>((r) => (server ? server.close(() => r()) : r()));
  });

  it('keeps the booking while the platform is down, retries, and delivers it once the platform is back', async () => {
    const start = new Date(Date.now() + 2 * 86_400_000);
    start.setUTCMinutes(7, 0, 0);
    const appointmentId = await insertAppointment({ practitionerId: practitioner.id, placeId: practitioner.placeIds[0], start, channel: 'REGULATOR', bookedById: regulatorAccountId });
    // The trigger wrote the notification in the booking's transaction.
    expect((await notifications(appointmentId)).length).toBe(1);
    // Platform down: connection refused, attempts counted, still pending.
    const failing = await until('a failed attempt', async () => {
      const [n] = await notifications(appointmentId);
      return n.attempts >= 2 && n;
    });
    expect(failing.status).toBe('PENDING');
    expect(failing.lastError).toMatch(/ECONNREFUSED|fetch failed/);

    await startPlatform();
    const post = await until('the POST', async () => received.find((r) => r.method === 'POST' && (r.body['identifier'] as { value: string }[])[0].value === appointmentId));
    expect(post.url).toBe('/fhir/Appointment');
    expect(post.contentType).toContain('application/fhir+json');
    const body = post.body;
    expect(body.meta).toEqual({ profile: ['http://sas.fr/fhir/StructureDefinition/FrAppointmentSAS'] });
    expect(body['extension']).toEqual([
      {
        url: 'http://interopsante.org/fhir/StructureDefinition/FrAppointmentOperator',
        valueReference: { identifier: { type: { coding: [{ system: 'http://interopsante.org/fhir/CodeSystem/fr-v2-0203', code: 'INTRN' }] }, system: INTRN, value: regulatorTechnicalId } },
      },
    ]);
    expect(body['identifier']).toEqual([{ system: expect.stringMatching(/^http:\/\/.+\/fhir\/NamingSystem\/rendez-vous$/), value: appointmentId }]);
    expect(body['status']).toBe('booked');
    expect(body['start']).toMatch(INSTANT);
    expect(body['end']).toMatch(INSTANT);
    expect(Date.parse(body['start'] as string)).toBe(start.getTime());
    expect(body['created']).toMatch(INSTANT);
    expect(body['participant']).toEqual([
      { actor: { identifier: { type: { coding: [{ system: 'http://interopsante.org/fhir/CodeSystem/fr-v2-0203', code: 'IDNPS' }] }, system: 'urn:oid:1.2.250.1.71.4.2.1', value: `8${practitioner.rpps}` } }, status: 'accepted' },
    ]);
    // No patient data travels.
    expect(JSON.stringify(body)).not.toMatch(/patient|Patient/);
    await until('the notification marked sent', async () => (await notifications(appointmentId))[0].status === 'SENT');

    // A later change goes as a conditional PUT on our identifier.
    await db.query(`UPDATE "Appointment" SET "startsAt" = "startsAt" + interval '1 hour', "endsAt" = "endsAt" + interval '1 hour' WHERE id = $1`, [appointmentId]);
    const put = await until('the PUT', async () => received.find((r) => r.method === 'PUT' && r.url.includes(encodeURIComponent(`|${appointmentId}`))));
    expect(put.url).toMatch(/^\/fhir\/Appointment\?identifier=http%3A%2F%2F.+%2Ffhir%2FNamingSystem%2Frendez-vous%7C/);
    expect(Date.parse(put.body['start'] as string)).toBe(start.getTime() + 3_600_000);
  });

  it('reports cancellation and no-show made by the practice through the API, and ignores appointments no regulator booked', async () => {
    if (!server) await startPlatform();
    const future = new Date(Date.now() + 20 * 86_400_000);
    future.setUTCHours(2, 17, 0, 0);
    const toCancel = await insertAppointment({ practitionerId: claire.id, placeId: claire.placeId, start: future, channel: 'REGULATOR', bookedById: regulatorAccountId });
    const past = new Date(Date.now() - 86_400_000);
    past.setUTCHours(2, 33, 0, 0);
    const missed = await insertAppointment({ practitionerId: claire.id, placeId: claire.placeId, start: past, channel: 'REGULATOR', bookedById: regulatorAccountId });
    const notSas = await insertAppointment({ practitionerId: claire.id, placeId: claire.placeId, start: new Date(future.getTime() + 3_600_000), channel: 'PRACTICE', bookedById: null });

    expect((await secretary.post(`/api/appointments/${toCancel}/cancel`, { reason: 'Annulé par le patient' })).status).toBe(200);
    expect((await secretary.post(`/api/appointments/${missed}/no-show`)).status).toBe(200);

    // The booking and its change were both pending: each appointment gets a POST, then a conditional PUT, in that order.
    for (const [id, status] of [[toCancel, 'cancelled'], [missed, 'noshow']] as const) {
      const rows = await until(`all notifications of ${id} sent`, async () => {
        const all = await notifications(id);
        return all.length === 2 && all.every((n) => n.status === 'SENT') && all;
      });
      expect(rows).toHaveLength(2);
      const forIt = received.filter((r) => (r.body['identifier'] as { value: string }[])[0].value === id);
      expect(forIt.map((r) => r.method)).toEqual(['POST', 'PUT']);
      expect(forIt[1].body['status']).toBe(status);
    }
    // Cancelling an appointment no regulator booked reports nothing either (and leaves Dr Martin's agenda as other suites expect it).
    expect((await secretary.post(`/api/appointments/${notSas}/cancel`, { reason: 'Test terminé' })).status).toBe(200);
    expect(await notifications(notSas)).toEqual([]);
    expect(received.some((r) => (r.body['identifier'] as { value: string }[])[0].value === notSas)).toBe(false);
  });
});

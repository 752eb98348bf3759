import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { ApiClient } from '../../../../tools/test/http-client';
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from '../../../../tools/test/demo-accounts';

/**
 * A patient who registered on their own records their identity (INS-shaped)
 * before booking: PUT /api/patients/me. Provisional when self-declared; a
 * practice-verified identity keeps what the document says.
 */
interface ErrorBody {
  statusCode: number;
  code: string;
  message: string;
  fields?: Record<string, string[]>;
}
interface Identity {
  id: string;
  birthName: string;
  usedName: string | null;
  firstNames: string;
  birthDate: string;
  sex: string;
  birthPlaceInsee: string | null;
  birthCountryInsee: string | null;
  phone: string | null;
  email: string | null;
  identityStatus: string;
}
interface Member {
  practitionerId: string | null;
  displayName: string;
}
interface Slot {
  start: string;
  motifIds: string[];
  consultationTypes: string[];
}

const DAY = 86_400_000;
const identity = (overrides: Record<string, unknown> = {}) => ({
  birthName: 'Garnier',
  firstNames: 'Louise Anne',
  usedFirstName: 'Louise',
  birthDate: '1975-04-12',
  sex: 'F',
  birthPlace: { bornInFrance: true, communeInsee: '69123' },
  phone: '06 12 34 56 78',
  ...overrides,
});

async function sql<T>(text: string, values: unknown[] = []): Promise<T[]> {
  const db = new Client({ connectionString: process.env['PASSERELLE_E2E_DATABASE_URL'] });
  await db.connect();
  try {
    return (await db.query(text, values)).rows as T[];
  } finally {
    await db.end();
  }
}

async function registeredPatient(): Promise<{ client: ApiClient; email: string }> {
  const client = new ApiClient();
  const email = `identite-${randomUUID().slice(0, 8)}@exemple.fr`;
  expect((await client.post('/api/auth/register', { email, password: 'cheval-agrafe-batterie-2026', firstName: 'Louise', lastName: 'Garnier' })).status).toBe(201);
  return { client, email };
}

describe('a patient records their own identity', () => {
  it('cannot book before; records a provisional identity (audited) and then books', async () => {
    const { client, email } = await registeredPatient();
    expect((await client.get<ErrorBody>('/api/patients/me')).status).toBe(404);

    // Dr Martin accepts new patients: give her hours and a motif a new patient may book online.
    const martin = new ApiClient();
    await martin.loginAsDemo(DEMO_ACCOUNTS.practitioner);
    const martinId = (await martin.get<Member[]>('/api/practice/members')).body.find((m) => m.displayName.includes('Martin'))?.practitionerId ?? '';
    const settings = await martin.get<{ places: { id: string }[] }>(`/api/practitioners/${martinId}/agenda/settings`);
    const placeId = settings.body.places[0].id;
    const hours = [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, startMinute: 8 * 60, endMinute: 20 * 60, placeId, consultationTypes: ['CABINET', 'VIDEO'] }));
    expect((await martin.put(`/api/practitioners/${martinId}/agenda/hours`, { ranges: hours })).status).toBe(200);
    const motif = await martin.post<{ id: string }>(`/api/practitioners/${martinId}/motifs`, {
      label: `Première consultation ${randomUUID().slice(0, 4)}`, durationMinutes: 20, consultationTypes: ['CABINET'], openToNewPatients: true, bookableOnline: true,
    });
    expect(motif.status).toBe(201);
    const from = new Date(Date.now() + 2 * DAY);
    const page = await client.get<{ slots: Slot[]; motifs: { id: string }[] }>(`/api/practitioners/${martinId}/booking-page?from=${from.toISOString()}&to=${new Date(from.getTime() + 5 * DAY).toISOString()}`);
    expect(page.status).toBe(200);
    const motifId = motif.body.id;
    const slot = page.body.slots.find((s) => s.motifIds.includes(motifId) && s.consultationTypes.includes('CABINET'));
    expect(slot).toBeDefined();
    const book = () => client.post<ErrorBody>(`/api/practitioners/${martinId}/appointments`, { start: slot!.start, consultationType: 'CABINET', motifId });
    const refused = await book();
    expect(refused.status).toBe(400);
    expect(refused.body.message).toMatch(/Complétez votre identité/);

    const saved = await client.put<Identity>('/api/patients/me', identity());
    expect(saved.status).toBe(200);
    expect(saved.body).toMatchObject({
      birthName: 'GARNIER',
      firstNames: 'Louise Anne',
      birthDate: '1975-04-12',
      sex: 'F',
      birthPlaceInsee: '69123',
      birthCountryInsee: null,
      phone: '0612345678',
      email,
      identityStatus: 'PROVISIONAL',
    });
    expect((await client.get<Identity>('/api/patients/me')).body.id).toBe(saved.body.id);
    const audit = await sql<{ result: string }>(`SELECT result FROM "AuditEvent" WHERE action = 'patient.identity.write' AND "patientId" = $1`, [saved.body.id]);
    expect(audit.map((a) => a.result)).toEqual(['SUCCESS']);

    expect((await book()).status).toBe(201);
  });

  it('updates a provisional identity entirely, born abroad this time', async () => {
    const { client } = await registeredPatient();
    await client.put<Identity>('/api/patients/me', identity());
    const updated = await client.put<Identity>('/api/patients/me', identity({ birthName: 'Garnier-Roy', birthPlace: { bornInFrance: false, countryInsee: '99134' }, phone: '' }));
    expect(updated.status).toBe(200);
    expect(updated.body).toMatchObject({ birthName: 'GARNIER-ROY', birthPlaceInsee: null, birthCountryInsee: '99134', phone: null });
  });

  it('keeps what a practice verified: only used names and phone change, anything else is refused and nothing is written', async () => {
    const { client } = await registeredPatient();
    const created = await client.put<Identity>('/api/patients/me', identity());
    await sql(`UPDATE "Patient" SET "identityStatus" = 'VALIDATED' WHERE id = $1`, [created.body.id]);

    const refused = await client.put<ErrorBody>('/api/patients/me', identity({ birthDate: '1976-04-12', phone: '07 00 00 00 01' }));
    expect(refused.status).toBe(400);
    expect(refused.body.message).toMatch(/vérifiée par votre cabinet/);
    expect(Object.keys(refused.body.fields ?? {})).toEqual(['birthDate']);
    const [row] = await sql<{ birthDate: Date; phone: string }>(`SELECT "birthDate", phone FROM "Patient" WHERE id = $1`, [created.body.id]);
    expect(row.phone).toBe('0612345678');

    const contact = await client.put<Identity>('/api/patients/me', identity({ usedName: 'Roy', phone: '07 00 00 00 01' }));
    expect(contact.status).toBe(200);
    expect(contact.body).toMatchObject({ usedName: 'ROY', phone: '0700000001', identityStatus: 'VALIDATED', birthDate: '1975-04-12' });
  });

  it.each([
    ['a birth date in the future', { birthDate: '2999-01-01' }, 'birthDate', /Date de naissance invalide/],
    ['an impossible date', { birthDate: '2001-02-29' }, 'birthDate', /Date de naissance invalide/],
    ['a wrong phone', { phone: '12345' }, 'phone', /Numéro de téléphone invalide/],
    ['no birth name', { birthName: '' }, 'birthName', /Nom de naissance/],
    ['digits in a name', { firstNames: 'L0uise' }, 'firstNames', /lettres/],
    ['an unknown sex', { sex: 'X' }, 'sex', /Sexe/],
    ['no birth place', { birthPlace: undefined }, 'birthPlace', /Lieu de naissance requis/],
    ['a commune code that is not INSEE', { birthPlace: { bornInFrance: true, communeInsee: 'Lyon' } }, 'birthPlace.communeInsee', /code INSEE/],
    ['an unknown field', { identityStatus: 'QUALIFIED' }, 'identityStatus', /./],
  ])('refuses %s with a French message under the field, and writes nothing', async (_what, overrides, field, message) => {
    const { client } = await registeredPatient();
    const res = await client.put<ErrorBody>('/api/patients/me', identity(overrides));
    expect(res.status).toBe(400);
    expect(res.body.fields?.[field]?.join(' ')).toMatch(message);
    expect((await client.get('/api/patients/me')).status).toBe(404);
  });

  it('refuses a malformed body, the anonymous and the other roles', async () => {
    const { client } = await registeredPatient();
    expect((await client.request('PUT', '/api/patients/me', { rawBody: '{"birthName":', headers: { 'content-type': 'application/json' } })).status).toBe(400);
    expect((await new ApiClient().put('/api/patients/me', identity())).status).toBe(401);
    const practitioner = new ApiClient();
    await practitioner.loginAsDemo(DEMO_ACCOUNTS.practitioner);
    const denied = await practitioner.put<ErrorBody>('/api/patients/me', identity());
    expect(denied.status).toBe(403);
    expect(denied.body.message).toMatch(/profil/);
  });

  it('never touches another patient: a demo patient saving theirs keeps their own row', async () => {
    const marie = new ApiClient();
    await marie.loginAs(DEMO_ACCOUNTS.patient.email, DEMO_PASSWORD);
    const before = (await marie.get<Identity>('/api/patients/me')).body;
    const { client } = await registeredPatient();
    const other = await client.put<Identity>('/api/patients/me', identity());
    expect(other.body.id).not.toBe(before.id);
    expect((await marie.get<Identity>('/api/patients/me')).body).toEqual(before);
  });
});

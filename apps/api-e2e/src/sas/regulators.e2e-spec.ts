import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { ApiClient } from '../../../../tools/test/http-client';
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from '../../../../tools/test/demo-accounts';
import { freshTotpCode } from '../../../../tools/test/totp';
import { database, FhirResource, SasPlatform } from './sas-support';

/**
 * Regulator accounts: INT_R02 (note sas-fhir.md §2) from the SAS platform,
 * the admin's equivalent, the one-time link (72 h, single use) and
 * deactivation that ends open sessions at once.
 */
const IDNPS = 'urn:oid:1.2.250.1.71.4.2.1';
const INTRN = 'urn:oid:1.2.250.1.213.3.6';
const REGUL = 'https://interop.esante.gouv.fr/ig/fhir/sas/StructureDefinition/FrPractitionerRegul';
const TYPE_SYSTEM = 'http://interopsante.org/fhir/CodeSystem/fr-v2-0203';

interface Outcome { resourceType: string; issue: { severity: string; code: string; diagnostics: string }[] }
interface Regulator { id: string; email: string; active: boolean; accountStatus: string; profession: string; identifier: { system: string; value: string } | null }
interface Email { to: string; subject: string; text: string }

const unique = () => randomUUID().slice(0, 8);

/** The kit's body (the same `id` on every call). */
function regulatorBody(o: { system?: string; code?: string; value: string; email?: string; family?: string; given?: string; active?: boolean }): Record<string, unknown> {
  const system = o.system ?? IDNPS;
  return {
    resourceType: 'Practitioner',
    id: 'example-regulator-1',
    meta: { source: INTRN, profile: [REGUL] },
    identifier: [{ type: { coding: [{ system: TYPE_SYSTEM, code: o.code ?? (system === IDNPS ? 'IDNPS' : 'INTRN') }] }, system, value: o.value }],
    active: o.active ?? true,
    name: [{ family: o.family ?? 'Loridon', given: [o.given ?? 'Sébastien'] }],
    telecom: [{ system: 'email', value: o.email ?? `regul-${unique()}@regulation.test` }],
  };
}

/** Percent-encoded as the kit sends it (%3A, %7C, %2F). */
const condition = (system: string, value: string) => `/fhir/Practitioner?identifier=${encodeURIComponent(`${system}|${value}`)}`;

describe('regulator accounts', () => {
  const platform = new SasPlatform();
  let admin: ApiClient;
  let db: Client;

  const regulatorCount = async () => Number((await db.query<{ n: string }>('SELECT count(*) AS n FROM "Regulator"')).rows[0].n);
  const regulatorsOf = async (value: string) => (await admin.get<Regulator[]>('/api/admin/regulators')).body.filter((r) => r.identifier?.value === value);
  const invitationLink = async (email: string): Promise<string> => {
    const outbox = await admin.get<Email[]>(`/api/admin/outbox?to=${encodeURIComponent(email)}`);
    expect(outbox.status).toBe(200);
    const link = /\/invitation\/([A-Za-z0-9_-]{43})/.exec(outbox.body[0]?.text ?? '');
    if (!link) throw new Error(`no invitation e-mail for ${email}`);
    return link[1];
  };

  /** Uses the one-time link, enrols TOTP, and returns the logged-in client. */
  async function activate(email: string): Promise<ApiClient> {
    const token = await invitationLink(email);
    const client = new ApiClient();
    const accepted = await client.post<{ stage: string }>(`/api/invitations/${token}/accept`, { password: 'Regulation-SAS-2026!x' });
    expect(accepted.status).toBe(200);
    expect(accepted.body.stage).toBe('mfa-enrolment-required');
    const start = await client.post<{ secret: string }>('/api/auth/mfa/enrolment');
    expect(start.status).toBe(200);
    const confirm = await client.post<{ session: { stage: string; account: { role: string } } }>('/api/auth/mfa/enrolment/confirm', { code: await freshTotpCode(email, start.body.secret) });
    expect(confirm.status).toBe(200);
    expect(confirm.body.session.stage).toBe('authenticated');
    expect(confirm.body.session.account.role).toBe('REGULATOR');
    return client;
  }

  beforeAll(async () => {
    admin = new ApiClient();
    await admin.loginAsDemo(DEMO_ACCOUNTS.admin);
    db = database();
    await db.connect();
  });

  afterAll(async () => {
    await db.end();
  });

  describe('INT_R02 from the SAS platform', () => {
    it('creates a regulator (201, Location, FrPractitionerRegul) and mails a one-time link; the same body again is refused', async () => {
      const value = `3456780581/${unique()}`;
      const body = regulatorBody({ value });
      const created = await platform.send<FhirResource>('POST', '/fhir/Practitioner', body);
      expect(created.status).toBe(201);
      expect(created.headers.get('location')).toMatch(new RegExp(`/fhir/Practitioner/${created.body.id}$`));
      expect(created.body).toEqual(expect.objectContaining({ resourceType: 'Practitioner', meta: { profile: [REGUL] }, active: true }));
      expect(created.body.id).not.toBe('example-regulator-1');
      expect(created.body['identifier']).toEqual([{ type: { coding: [{ system: TYPE_SYSTEM, code: 'IDNPS' }] }, system: IDNPS, value }]);
      const [regulator] = await regulatorsOf(value);
      expect(regulator).toEqual(expect.objectContaining({ id: created.body.id, active: true, accountStatus: 'INVITED', profession: 'Régulateur' }));
      const email = (body['telecom'] as { value: string }[])[0].value;
      expect(await invitationLink(email)).toHaveLength(43);

      const before = await regulatorCount();
      const again = await platform.send<Outcome>('POST', '/fhir/Practitioner', body);
      expect(again.status).toBe(409);
      expect(again.body.resourceType).toBe('OperationOutcome');
      expect(again.body.issue[0].diagnostics).toMatch(/actif porte déjà cet identifiant/);
      expect(await regulatorCount()).toBe(before);
    });

    it('lets exactly one of many simultaneous identical creations win (409 for the others), and mails one link', async () => {
      const value = `3456780581/${unique()}`;
      const email = `course-${unique()}@regulation.test`;
      const body = regulatorBody({ value, email });
      const answers = await Promise.all(Array.from({ length: 8 }, () => new SasPlatform().send('POST', '/fhir/Practitioner', body)));
      expect(answers.map((a) => a.status).sort()).toEqual([201, 409, 409, 409, 409, 409, 409, 409]);
      expect(await regulatorsOf(value)).toHaveLength(1);
      const outbox = await admin.get<Email[]>(`/api/admin/outbox?to=${encodeURIComponent(email)}`);
      expect(outbox.body).toHaveLength(1);
      expect((await regulatorsOf(value))[0].accountStatus).toBe('INVITED');
    });

    it('accepts a non-UUID INTRN value, all three JSON media types, and an e-mail reused on another identifier', async () => {
      const email = `partage-${unique()}@regulation.test`;
      const media = ['application/json', 'application/fhir+json', 'application/json+fhir'];
      for (const [i, type] of media.entries()) {
        const response = await platform.send('POST', '/fhir/Practitioner', regulatorBody({ system: INTRN, value: `3456780581/${unique()}${i}`, email }), { headers: { 'content-type': type } });
        expect(response.status).toBe(201);
      }
      // One login for the three identifiers: a single invitation e-mail.
      const outbox = await admin.get<Email[]>(`/api/admin/outbox?to=${encodeURIComponent(email)}`);
      expect(outbox.body).toHaveLength(1);
    });

    it('refuses malformed bodies with 400 and a French OperationOutcome, writing nothing', async () => {
      const value = `3456780581/${unique()}`;
      const valid = regulatorBody({ value });
      const without = (key: string) => Object.fromEntries(Object.entries(valid).filter(([k]) => k !== key));
      const cases: [string, unknown, RegExp][] = [
        ['no identifier', without('identifier'), /identifiant/i],
        ['no name', without('name'), /Nom du régulateur/],
        ['no telecom', without('telecom'), /e-mail/],
        ['no active', without('active'), /active/],
        ['empty family', { ...valid, name: [{ family: ' ', given: ['A'] }] }, /Nom de famille requis/],
        ['empty e-mail', { ...valid, telecom: [{ system: 'email', value: '' }] }, /e-mail invalide/],
        ['telecom not an e-mail', { ...valid, telecom: [{ system: 'phone', value: '+33612345678' }] }, /telecom.system = email/],
        ['IDNPS system with INTRN code', regulatorBody({ value, system: IDNPS, code: 'INTRN' }), /ne correspond pas/],
        ['INTRN system with IDNPS code', regulatorBody({ value, system: INTRN, code: 'IDNPS' }), /ne correspond pas/],
        ['unknown system', regulatorBody({ value, system: 'urn:oid:1.2.3' }), /Système d’identifiant inconnu/],
        ['another resource', { ...valid, resourceType: 'Patient' }, /Practitioner attendue/],
        ['not an object', [valid], /Practitioner attendue/],
        ['active as text', { ...valid, active: 'true' }, /active/],
      ];
      const before = await regulatorCount();
      for (const [label, body, message] of cases) {
        for (const [method, path] of [['POST', '/fhir/Practitioner'], ['PUT', condition(IDNPS, value)]] as const) {
          const response = await platform.send<Outcome>(method, path, body);
          expect({ label, method, status: response.status }).toEqual({ label, method, status: 400 });
          expect(response.body.resourceType).toBe('OperationOutcome');
          expect(response.body.issue[0].diagnostics).toMatch(message);
        }
      }
      const malformed = await platform.send<Outcome>('POST', '/fhir/Practitioner', null, { rawBody: '{"resourceType": "Practitioner",', headers: { 'content-type': 'application/fhir+json' } });
      expect(malformed.status).toBe(400);
      expect(malformed.body.resourceType).toBe('OperationOutcome');
      const malformedJson = await platform.send<Outcome>('POST', '/fhir/Practitioner', null, { rawBody: '{oops', headers: { 'content-type': 'application/json' } });
      expect(malformedJson.status).toBe(400);
      expect(malformedJson.body.resourceType).toBe('OperationOutcome');
      const noCondition = await platform.send<Outcome>('PUT', '/fhir/Practitioner', valid);
      expect(noCondition.status).toBe(400);
      expect(noCondition.body.issue[0].diagnostics).toMatch(/identifier=système\|valeur/);
      expect(await regulatorCount()).toBe(before);
    });

    it('refuses the e-mail of a practitioner with a clear French message (422)', async () => {
      const response = await platform.send<Outcome>('POST', '/fhir/Practitioner', regulatorBody({ value: `3456780581/${unique()}`, email: DEMO_ACCOUNTS.practitioner.email.toUpperCase() }));
      expect(response.status).toBe(422);
      expect(response.body.issue[0]).toEqual(expect.objectContaining({ code: 'business-rule', diagnostics: expect.stringMatching(/compte séparé, avec une autre adresse e-mail/) }));
    });

    it('updates through the conditional PUT (200, Location), whatever the body id, and creates when nothing matches (201)', async () => {
      const value = `3456780581/${unique()}`;
      const created = await platform.send<FhirResource>('POST', '/fhir/Practitioner', regulatorBody({ value }));
      const updated = await platform.send<FhirResource>('PUT', condition(IDNPS, value), { ...regulatorBody({ value, family: 'Loridon-Martin' }), id: 'some-other-id' });
      expect(updated.status).toBe(200);
      expect(updated.headers.get('location')).toMatch(new RegExp(`/fhir/Practitioner/${created.body.id}$`));
      expect(updated.body.id).toBe(created.body.id);
      expect((updated.body['name'] as { family: string }[])[0].family).toBe('Loridon-Martin');

      // The update may change the identifier and its system.
      const technical = randomUUID();
      const moved = await platform.send<FhirResource>('PUT', condition(IDNPS, value), regulatorBody({ system: INTRN, value: technical }));
      expect(moved.status).toBe(200);
      expect((moved.body['identifier'] as { system: string; value: string }[])[0]).toEqual(expect.objectContaining({ system: INTRN, value: technical }));

      const fresh = `3456780581/${unique()}`;
      const putCreate = await platform.send<FhirResource>('PUT', condition(IDNPS, fresh), regulatorBody({ value: fresh }));
      expect(putCreate.status).toBe(201);
      expect(putCreate.headers.get('location')).toMatch(/\/fhir\/Practitioner\/[0-9a-f-]{36}$/);
      expect(await regulatorsOf(fresh)).toHaveLength(1);
    });

    it('deactivates with active=false, which frees the identifier for re-attribution (the kit\'s sequence)', async () => {
      const rpps = `8${String(Date.now()).slice(-11)}`;
      const email = `reattribution-${unique()}@regulation.test`;
      expect((await platform.send('POST', '/fhir/Practitioner', regulatorBody({ value: rpps, email }))).status).toBe(201);
      const off = await platform.send<FhirResource>('PUT', condition(IDNPS, rpps), regulatorBody({ value: rpps, email, active: false }));
      expect(off.status).toBe(200);
      expect(off.body['active']).toBe(false);
      const technical = randomUUID();
      expect((await platform.send('POST', '/fhir/Practitioner', regulatorBody({ system: INTRN, value: technical }))).status).toBe(201);
      const reattributed = await platform.send<FhirResource>('PUT', condition(INTRN, technical), regulatorBody({ value: rpps, active: true }));
      expect(reattributed.status).toBe(200);
      const holders = await regulatorsOf(rpps);
      expect(holders.filter((r) => r.active)).toHaveLength(1);
      expect(holders).toHaveLength(2);
      // Now active again: a second active holder is refused.
      expect((await platform.send('POST', '/fhir/Practitioner', regulatorBody({ value: rpps }))).status).toBe(409);
      // The conditional PUT now picks the single active one among the two.
      const picked = await platform.send<FhirResource>('PUT', condition(IDNPS, rpps), regulatorBody({ value: rpps, given: 'Anne' }));
      expect(picked.status).toBe(200);
      expect(picked.body.id).toBe(holders.find((r) => r.active)?.id);
    });

    it('answers 412 when the condition matches several inactive regulators', async () => {
      const value = `3456780581/${unique()}`;
      for (let i = 0; i < 2; i++) expect((await platform.send('POST', '/fhir/Practitioner', regulatorBody({ value, active: false }))).status).toBe(201);
      const response = await platform.send<Outcome>('PUT', condition(IDNPS, value), regulatorBody({ value }));
      expect(response.status).toBe(412);
      expect(response.body.issue[0].diagnostics).toMatch(/Plusieurs comptes/);
    });
  });

  describe('one-time link', () => {
    it('shows who it is for, refuses a weak password without using it, then works once and only once', async () => {
      const email = `lien-${unique()}@regulation.test`;
      expect((await platform.send('POST', '/fhir/Practitioner', regulatorBody({ value: `3456780581/${unique()}`, email, given: 'Léa', family: 'Fontaine' }))).status).toBe(201);
      const token = await invitationLink(email);
      const anonymous = new ApiClient();
      const view = await anonymous.get<{ email: string; displayName: string; profession: string; expiresAt: string }>(`/api/invitations/${token}`);
      expect(view.status).toBe(200);
      expect(view.body).toEqual(expect.objectContaining({ email, displayName: 'Léa Fontaine', profession: 'Régulateur' }));
      const hours = (Date.parse(view.body.expiresAt) - Date.now()) / 3_600_000;
      expect(hours).toBeGreaterThan(71.9);
      expect(hours).toBeLessThanOrEqual(72);
      // Only the hash is stored.
      const stored = await db.query<{ tokenHash: string }>('SELECT "tokenHash" FROM "AccountInvitation" i JOIN "Account" a ON a.id = i."accountId" WHERE a.email = $1', [email]);
      expect(stored.rows[0].tokenHash).toMatch(/^[0-9a-f]{64}$/);
      expect(stored.rows[0].tokenHash).not.toContain(token);

      const weak = await anonymous.post<{ message: string }>(`/api/invitations/${token}/accept`, { password: 'court' });
      expect(weak.status).toBe(400);
      expect(weak.body.message).toMatch(/12 caractères/);
      const malformed = await anonymous.post<{ message: string }>(`/api/invitations/${token}/accept`, { password: 'Regulation-SAS-2026!x', extra: 1 });
      expect(malformed.status).toBe(400);

      await activate(email);
      const reused = await new ApiClient().post<{ message: string }>(`/api/invitations/${token}/accept`, { password: 'Autre-Mot-De-Passe-2026!' });
      expect(reused.status).toBe(410);
      expect(reused.body.message).toMatch(/déjà été utilisé/);
      expect((await anonymous.get(`/api/invitations/${token}`)).status).toBe(410);
      // The regulator now logs in normally.
      const login = await new ApiClient().post<{ stage: string }>('/api/auth/login', { email, password: 'Regulation-SAS-2026!x', space: 'pro' });
      expect(login.status).toBe(200);
      expect(login.body.stage).toBe('mfa-required');
    });

    it('refuses an expired link (after 72 h) and an unknown or malformed one', async () => {
      const email = `expire-${unique()}@regulation.test`;
      await platform.send('POST', '/fhir/Practitioner', regulatorBody({ value: `3456780581/${unique()}`, email }));
      const token = await invitationLink(email);
      await db.query(`UPDATE "AccountInvitation" SET "expiresAt" = now() - interval '1 minute' WHERE "accountId" = (SELECT id FROM "Account" WHERE email = $1)`, [email]);
      const expired = await new ApiClient().post<{ message: string }>(`/api/invitations/${token}/accept`, { password: 'Regulation-SAS-2026!x' });
      expect(expired.status).toBe(410);
      expect(expired.body.message).toMatch(/expiré/);
      const status = await db.query<{ status: string; passwordHash: string | null }>('SELECT status, "passwordHash" FROM "Account" WHERE email = $1', [email]);
      expect(status.rows[0]).toEqual({ status: 'INVITED', passwordHash: null });
      const unknown = await new ApiClient().get<{ message: string }>(`/api/invitations/${'A'.repeat(43)}`);
      expect(unknown.status).toBe(404);
      expect(unknown.body.message).toMatch(/pas valide/);
      expect((await new ApiClient().get('/api/invitations/trop-court')).status).toBe(404);
    });
  });

  describe('deactivation', () => {
    it('takes effect at once: the open session is refused and the login too (platform and admin alike)', async () => {
      for (const via of ['platform', 'admin'] as const) {
        const email = `desactivation-${via}-${unique()}@regulation.test`;
        const value = `3456780581/${unique()}`;
        const created = await platform.send<FhirResource>('POST', '/fhir/Practitioner', regulatorBody({ value, email }));
        const regulator = await activate(email);
        expect((await regulator.get('/api/auth/session')).status).toBe(200);
        expect((await regulator.get('/api/account/sessions')).status).toBe(200);
        if (via === 'platform') {
          expect((await platform.send('PUT', condition(IDNPS, value), regulatorBody({ value, email, active: false }))).status).toBe(200);
        } else {
          expect((await admin.post(`/api/admin/regulators/${created.body.id}/deactivate`)).status).toBe(200);
        }
        const after = await regulator.get<{ message: string }>('/api/account/sessions');
        expect(after.status).toBe(401);
        const live = await db.query<{ n: string }>('SELECT count(*) AS n FROM "Session" s JOIN "Account" a ON a.id = s."accountId" WHERE a.email = $1 AND s."revokedAt" IS NULL', [email]);
        expect(Number(live.rows[0].n)).toBe(0);
        const login = await new ApiClient().post('/api/auth/login', { email, password: 'Regulation-SAS-2026!x', space: 'pro' });
        expect(login.status).toBe(401);
      }
    });
  });

  describe('admin equivalent', () => {
    it('creates, lists and deactivates regulators; mails the link; refuses a practitioner\'s e-mail and duplicates', async () => {
      const email = `admin-cree-${unique()}@regulation.test`;
      const rpps = String(Date.now()).slice(-11);
      const created = await admin.post<Regulator>('/api/admin/regulators', { givenName: 'Paul', familyName: 'Renard', email, rpps });
      expect(created.status).toBe(201);
      expect(created.body).toEqual(expect.objectContaining({ email, active: true, accountStatus: 'INVITED', profession: 'Régulateur', identifier: { system: IDNPS, value: `8${rpps}` } }));
      expect(await invitationLink(email)).toHaveLength(43);
      const list = await admin.get<Regulator[]>('/api/admin/regulators');
      expect(list.body.map((r) => r.id)).toContain(created.body.id);

      const duplicate = await admin.post<{ message: string }>('/api/admin/regulators', { givenName: 'Paul', familyName: 'Renard', email: `autre-${email}`, rpps });
      expect(duplicate.status).toBe(409);
      const practitionerEmail = await admin.post<{ message: string }>('/api/admin/regulators', { givenName: 'Claire', familyName: 'Martin', email: DEMO_ACCOUNTS.practitioner.email });
      expect(practitionerEmail.status).toBe(422);
      expect(practitionerEmail.body.message).toMatch(/compte séparé, avec une autre adresse e-mail/);

      const off = await admin.post<Regulator>(`/api/admin/regulators/${created.body.id}/deactivate`);
      expect(off.status).toBe(200);
      expect(off.body).toEqual(expect.objectContaining({ active: false, accountStatus: 'DISABLED' }));
      // The link of a deactivated account no longer works.
      const token = await invitationLink(email);
      expect((await new ApiClient().get(`/api/invitations/${token}`)).status).toBe(410);
    });

    it('sends a new link that replaces the previous one, only while the account waits for activation', async () => {
      const email = `renvoi-${unique()}@regulation.test`;
      const created = await admin.post<Regulator>('/api/admin/regulators', { givenName: 'Inès', familyName: 'Roy', email });
      const first = await invitationLink(email);
      const resent = await admin.post<Regulator>(`/api/admin/regulators/${created.body.id}/invitation`);
      expect(resent.status).toBe(200);
      const second = await invitationLink(email);
      expect(second).not.toBe(first);
      expect((await new ApiClient().get(`/api/invitations/${first}`)).status).toBe(404);
      expect((await new ApiClient().get(`/api/invitations/${second}`)).status).toBe(200);
      await activate(email);
      const afterActivation = await admin.post<{ message: string }>(`/api/admin/regulators/${created.body.id}/invitation`);
      expect(afterActivation.status).toBe(409);
      expect(afterActivation.body.message).toMatch(/pas encore activé/);
      const regulator = new ApiClient();
      await regulator.loginAsDemo(DEMO_ACCOUNTS.regulator);
      expect((await regulator.post(`/api/admin/regulators/${created.body.id}/invitation`)).status).toBe(403);
    });

    it('refuses malformed input with French field messages, writing nothing', async () => {
      const before = await regulatorCount();
      const cases: [unknown, string][] = [
        [{ givenName: 'Paul', familyName: 'Renard', email: 'pas-une-adresse' }, 'email'],
        [{ givenName: '', familyName: 'Renard', email: `a-${unique()}@regulation.test` }, 'givenName'],
        [{ givenName: 'Paul', email: `a-${unique()}@regulation.test` }, 'familyName'],
        [{ givenName: 'Paul', familyName: 'Renard', email: `a-${unique()}@regulation.test`, rpps: '12ab' }, 'rpps'],
        [{ givenName: 'Paul', familyName: 'Renard', email: `a-${unique()}@regulation.test`, role: 'ADMIN' }, 'role'],
      ];
      for (const [body, field] of cases) {
        const response = await admin.post<{ message: string; fields?: Record<string, string[]> }>('/api/admin/regulators', body);
        expect(response.status).toBe(400);
        expect(Object.keys(response.body.fields ?? {})).toContain(field);
      }
      expect((await admin.post('/api/admin/regulators/pas-un-uuid/deactivate')).status).toBe(400);
      expect((await admin.post(`/api/admin/regulators/${randomUUID()}/deactivate`)).status).toBe(404);
      expect(await regulatorCount()).toBe(before);
    });

    it('is for admins only: other roles get 403, anonymous 401, and nothing is written', async () => {
      const before = await regulatorCount();
      const body = { givenName: 'Paul', familyName: 'Renard', email: `intrus-${unique()}@regulation.test` };
      const anyRegulator = (await admin.get<Regulator[]>('/api/admin/regulators')).body[0];
      for (const account of [DEMO_ACCOUNTS.practitioner, DEMO_ACCOUNTS.secretary, DEMO_ACCOUNTS.regulator]) {
        const client = new ApiClient();
        await client.loginAsDemo(account);
        expect((await client.post('/api/admin/regulators', body)).status).toBe(403);
        expect((await client.get('/api/admin/regulators')).status).toBe(403);
        expect((await client.post(`/api/admin/regulators/${anyRegulator.id}/deactivate`)).status).toBe(403);
        expect((await client.get('/api/admin/outbox')).status).toBe(403);
      }
      const patient = new ApiClient();
      await patient.loginAs(DEMO_ACCOUNTS.patient.email, DEMO_PASSWORD);
      expect((await patient.get('/api/admin/outbox')).status).toBe(403);
      const anonymous = new ApiClient();
      expect((await anonymous.post('/api/admin/regulators', body)).status).toBe(401);
      expect((await anonymous.get('/api/admin/outbox')).status).toBe(401);
      expect(await regulatorCount()).toBe(before);
      expect((await admin.get<Regulator[]>('/api/admin/regulators')).body.find((r) => r.id === anyRegulator.id)?.active).toBe(anyRegulator.active);
    });

    it('lets the admin read the outbox (newest first, filtered, audited) and refuses malformed queries', async () => {
      const all = await admin.get<Email[]>('/api/admin/outbox?limit=5');
      expect(all.status).toBe(200);
      expect(all.body.length).toBeGreaterThan(0);
      expect(all.body.length).toBeLessThanOrEqual(5);
      expect((await admin.get('/api/admin/outbox?limit=0')).status).toBe(400);
      expect((await admin.get('/api/admin/outbox?to=pas-une-adresse')).status).toBe(400);
      const audit = await admin.get<{ action: string }[]>('/api/admin/audit-events?action=mail.outbox-read&limit=1');
      expect(audit.body[0]?.action).toBe('mail.outbox-read');
    });
  });
});

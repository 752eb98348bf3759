import { ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { Client } from 'pg';
import { fetch as undiciFetch } from 'undici';
import { ApiClient } from '../../../../tools/test/http-client';
import { DEMO_ACCOUNTS } from '../../../../tools/test/demo-accounts';
import { database, FhirResource, SasPlatform } from './sas-support';

/**
 * The SSO rule (note sas-fhir.md §3): regulator privileges only when the
 * regulator arrives with origin=sas; without a session, Pro Santé Connect
 * (played by a local oidc-provider) through passport; without origin, an
 * HTML page a person and the national kit can read.
 */
interface Session { stage: string; sasOrigin?: boolean; account: { role: string; email: string } }

const apiPort = () => new URL(process.env['PASSERELLE_E2E_BASE_URL'] ?? '').port;
const pscIssuer = () => `http://127.0.0.1:${process.env['PASSERELLE_E2E_PSC_PORT']}`;

/** Drives the provider's development login like a browser: follows redirects, keeps its cookies, fills the forms. */
async function loginAtProvider(authorizeUrl: string, login: string): Promise<string> {
  const jar = new Map<string, string>();
  const cookieHeader = () => [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
  let url = authorizeUrl;
  let method = 'GET';
  let body: string | undefined;
  for (let step = 0; step < 20; step++) {
    const response = await undiciFetch(url, { method, body, redirect: 'manual', headers: { cookie: cookieHeader(), ...(body ? { 'content-type': 'application/x-www-form-urlencoded' } : {}) } });
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const eq = pair.indexOf('=');
      jar.set(pair.slice(0, eq).trim(), pair.slice(eq + 1).trim());
    }
    const location = response.headers.get('location');
    if (location) {
      const next = new URL(location, url).href;
      if (next.includes('/api/auth/psc/callback')) return next;
      [url, method, body] = [next, 'GET', undefined];
      continue;
    }
    const html = await response.text();
    const form = /<form[^>]*action="([^"]+)"[^>]*>([\s\S]*?)<\/form>/.exec(html);
    if (!form) throw new Error(`no form at step ${step} (${response.status}): ${html.slice(0, 300)}`);
    const fields = new URLSearchParams();
    for (const [tag] of form[2].matchAll(/<input[^>]*>/g)) {
      const name = /name="([^"]+)"/.exec(tag)?.[1];
      if (name) fields.set(name, /value="([^"]*)"/.exec(tag)?.[1] ?? '');
    }
    if (fields.has('login')) fields.set('login', login);
    if (fields.has('password')) fields.set('password', 'any');
    [url, method, body] = [new URL(form[1].replace(/&amp;/g, '&'), url).href, 'POST', fields.toString()];
  }
  throw new Error('the provider never redirected back');
}

describe('SSO from the SAS platform (origin=sas, Pro Santé Connect)', () => {
  let provider: ChildProcess;
  let db: Client;
  let practitionerId: string;
  let regulatorRpps: string;

  beforeAll(async () => {
    const client = JSON.parse(process.env['PASSERELLE_E2E_PSC_CLIENT'] ?? '{}') as { id: string; secret: string };
    provider = spawn(process.execPath, [join(__dirname, '../support/psc-provider.mjs'), String(process.env['PASSERELLE_E2E_PSC_PORT']), client.id, client.secret, `http://localhost:${apiPort()}/api/auth/psc/callback`], { stdio: ['ignore', 'pipe', 'inherit'] });
    await new Promise<void>((resolve, reject) => {
      provider.stdout?.once('data', () => resolve());
      provider.once('exit', (code) => reject(new Error(`provider exited ${code}`)));
    });
    db = database();
    await db.connect();
    practitionerId = (await db.query<{ id: string }>(`SELECT id FROM "Practitioner" WHERE rpps = '10101234567'`)).rows[0].id;
    // A regulator the platform created with an IDNPS: PSC's subject for that person.
    regulatorRpps = `8${String(Date.now()).slice(-11)}`;
    const created = await new SasPlatform().send<FhirResource>('POST', '/fhir/Practitioner', {
      resourceType: 'Practitioner',
      identifier: [{ type: { coding: [{ system: 'http://interopsante.org/fhir/CodeSystem/fr-v2-0203', code: 'IDNPS' }] }, system: 'urn:oid:1.2.250.1.71.4.2.1', value: regulatorRpps }],
      active: true,
      name: [{ family: 'Perrin', given: ['Élise'] }],
      telecom: [{ system: 'email', value: `sso-${randomUUID().slice(0, 8)}@regulation.test` }],
    });
    expect(created.status).toBe(201);
    // Activated at once (as after the one-time link): a PSC login needs an active account.
    await db.query(`UPDATE "Account" SET status = 'ACTIVE' WHERE id = (SELECT "accountId" FROM "Regulator" WHERE id = $1)`, [created.body.id]);
  });

  afterAll(async () => {
    provider?.kill();
    await db.end();
  });

  const entry = (origin?: string) => `/api/sas/rendez-vous?praticien=${practitionerId}${origin ? `&origin=${origin}` : ''}`;

  it('without origin=sas: an HTML page with a login word (401 signed out, 403 signed in), never regulator privileges', async () => {
    const anonymous = await new ApiClient().get<string>(entry());
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('content-type')).toMatch(/^text\/html/);
    expect(anonymous.text.toLowerCase()).toContain('connexion');

    const regulator = new ApiClient();
    await regulator.loginAsDemo(DEMO_ACCOUNTS.regulator);
    const refused = await regulator.get<{ code: string; message: string }>('/api/regulators/me');
    expect(refused.status).toBe(403);
    expect(refused.body.code).toBe('SAS_ORIGIN_REQUIRED');
    expect(refused.body.message).toMatch(/plateforme numérique du SAS/);
    const page = await regulator.get<string>(entry());
    expect(page.status).toBe(403);
    expect(page.text.toLowerCase()).toContain('connexion');
    expect((await regulator.get('/api/regulators/me')).status).toBe(403);
    expect((await regulator.get<Session>('/api/auth/session')).body.sasOrigin).toBe(false);
  });

  it('with origin=sas and a regulator session: privileges for that session, landing on the practitioner\'s slots', async () => {
    const regulator = new ApiClient();
    await regulator.loginAsDemo(DEMO_ACCOUNTS.regulator);
    const entered = await regulator.get(entry('sas-preprod'));
    expect(entered.status).toBe(303);
    expect(entered.headers.get('location')).toBe(`/regulation/praticiens/${practitionerId}`);
    const me = await regulator.get<{ profession: string; email: string }>('/api/regulators/me');
    expect(me.status).toBe(200);

    expect(me.body).toEqual(expect.objectContaining({ profession: 'Régulateur', email: DEMO_ACCOUNTS.regulator.email }));
    expect((await regulator.get<Session>('/api/auth/session')).body.sasOrigin).toBe(true);
    // Another session of the same regulator, opened by password alone, has no privileges.
    const other = new ApiClient();
    await other.loginAsDemo(DEMO_ACCOUNTS.regulator);
    expect((await other.get('/api/regulators/me')).status).toBe(403);
    // The test client's helper (used by the other suites' regulators) enters the same way.
    await other.enterFromSas(practitionerId);
    expect((await other.get('/api/regulators/me')).status).toBe(200);
    // Two logins of one account in a row wait for the next TOTP window.
  }, 120_000);

  it('refuses regulator privileges to another profession arriving with origin=sas', async () => {
    const practitioner = new ApiClient();
    await practitioner.loginAsDemo(DEMO_ACCOUNTS.practitioner);
    const page = await practitioner.get<string>(entry('sas'));
    expect(page.status).toBe(403);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    expect(page.text).toMatch(/compte régulateur/);
    expect((await practitioner.get('/api/regulators/me')).status).toBe(403);
  });

  it('without a session, sends the regulator to Pro Santé Connect (one redirect, PKCE) and back with regulator privileges', async () => {
    const browser = new ApiClient();
    const start = await browser.get(entry('sas'));
    expect(start.status).toBe(302);
    const authorize = new URL(start.headers.get('location') ?? '');
    expect(authorize.origin).toBe(pscIssuer());
    expect(authorize.searchParams.get('client_id')).toBe('passerelle-e2e');
    expect(authorize.searchParams.get('response_type')).toBe('code');
    expect(authorize.searchParams.get('code_challenge_method')).toBe('S256');
    expect(authorize.searchParams.get('redirect_uri')).toBe(`http://localhost:${apiPort()}/api/auth/psc/callback`);
    expect(authorize.searchParams.get('scope')).toBe('openid scope_all');

    const callback = new URL(await loginAtProvider(authorize.href, regulatorRpps));
    const back = await browser.get(`${callback.pathname}${callback.search}`);
    expect(back.status).toBe(303);
    expect(back.headers.get('location')).toBe(`/regulation/praticiens/${practitionerId}`);
    const session = await browser.get<Session>('/api/auth/session');
    expect(session.body).toEqual(expect.objectContaining({ stage: 'authenticated', sasOrigin: true, account: expect.objectContaining({ role: 'REGULATOR' }) }));
    expect((await browser.get('/api/regulators/me')).status).toBe(200);
    // The code cannot be replayed.
    const replay = await new ApiClient().get<string>(`${callback.pathname}${callback.search}`);
    expect(replay.status).toBe(403);
  });

  it('refuses a Pro Santé Connect identity that is no active regulator here', async () => {
    const browser = new ApiClient();
    const start = await browser.get(entry('sas'));
    const callback = new URL(await loginAtProvider(start.headers.get('location') ?? '', '899999999999'));
    const back = await browser.get<string>(`${callback.pathname}${callback.search}`);
    expect(back.status).toBe(403);
    expect(back.text).toMatch(/Aucun compte régulateur actif/);
    expect((await browser.get('/api/regulators/me')).status).toBe(401);
  });
});

import { randomUUID } from 'node:crypto';
import { ApiClient } from '../../../../tools/test/http-client';
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from '../../../../tools/test/demo-accounts';
import { freshTotpCode, totpCode } from '../../../../tools/test/totp';

interface Session {
  stage: string;
  account: { email: string; role: string; mfaEnabled: boolean };
}
interface ErrorBody {
  statusCode: number;
  code: string;
  message: string;
  fields?: Record<string, string[]>;
}

const { patient, practitioner } = DEMO_ACCOUNTS;

async function registerPatient(client: ApiClient, password = 'cheval-agrafe-batterie-2026') {
  const email = `patient-${randomUUID().slice(0, 8)}@exemple.fr`;
  const res = await client.post<Session>('/api/auth/register', { email, password, firstName: 'Test', lastName: 'Patient' });
  expect(res.status).toBe(201);
  return { email, password };
}

describe('password login', () => {
  it('logs a patient in with a fresh, HttpOnly, SameSite=Strict session cookie at each login', async () => {
    const client = new ApiClient();
    const first = await client.post<Session>('/api/auth/login', { email: patient.email, password: DEMO_PASSWORD, space: 'patient' });
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ stage: 'authenticated', account: { email: patient.email, role: 'PATIENT' } });
    const setCookie = first.headers.getSetCookie().find((c) => c.startsWith('passerelle_session='));
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=Strict/i);
    const firstToken = client.cookie('passerelle_session');
    expect(Buffer.from(firstToken ?? '', 'base64url').length).toBeGreaterThanOrEqual(32);

    const second = await client.post<Session>('/api/auth/login', { email: patient.email, password: DEMO_PASSWORD, space: 'patient' });
    expect(second.status).toBe(200);
    expect(client.cookie('passerelle_session')).not.toBe(firstToken);

    const replay = new ApiClient();
    replay.cookies.set('passerelle_session', firstToken ?? '');
    expect((await replay.get('/api/patients/me')).status).toBe(401);
    expect((await client.get('/api/patients/me')).status).toBe(200);
  });

  it('gives the same French answer for a wrong password and an unknown e-mail', async () => {
    const client = new ApiClient();
    const wrong = await client.post<ErrorBody>('/api/auth/login', { email: DEMO_ACCOUNTS.patient.email.replace('marie', 'hugo').replace('durand', 'morel'), password: 'pas-le-bon-mot-de-passe', space: 'patient' });
    const unknown = await client.post<ErrorBody>('/api/auth/login', { email: 'personne@exemple.fr', password: 'pas-le-bon-mot-de-passe', space: 'patient' });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(wrong.body).toEqual(unknown.body);
    expect(wrong.body.message).toBe('Adresse e-mail ou mot de passe incorrect.');
  });

  it('keeps patient and professional spaces apart', async () => {
    const client = new ApiClient();
    const res = await client.post('/api/auth/login', { email: practitioner.email, password: DEMO_PASSWORD, space: 'patient' });
    expect(res.status).toBe(401);
  });

  it('locks an account after 10 consecutive failures, even for the right password, with Retry-After', async () => {
    const client = new ApiClient();
    const { email, password } = await registerPatient(client);
    for (let i = 0; i < 10; i++) {
      const res = await client.post('/api/auth/login', { email, password: `mauvais-mot-de-passe-${i}`, space: 'patient' });
      expect(res.status).toBe(401);
    }
    // From another address: the lock belongs to the account, not to the IP.
    const locked = await new ApiClient().post<ErrorBody>('/api/auth/login', { email, password, space: 'patient' });
    expect(locked.status).toBe(429);
    expect(locked.body.code).toBe('ACCOUNT_LOCKED');
    expect(locked.body.message).toMatch(/Réessayez dans 15 minutes/);
    expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(800);
  });

  it('throttles credential attempts per IP address with 429 and Retry-After', async () => {
    const client = new ApiClient();
    const statuses: number[] = [];
    let last;
    for (let i = 0; i < 12; i++) {
      last = await client.post<ErrorBody>('/api/auth/login', { email: `inconnu${i}@exemple.fr`, password: 'nimporte-quoi-123', space: 'patient' });
      statuses.push(last.status);
    }
    expect(statuses.slice(0, 10).every((s) => s === 401)).toBe(true);
    expect(statuses.slice(10)).toEqual([429, 429]);
    expect(last?.body.code).toBe('TOO_MANY_REQUESTS');
    expect(Number(last?.headers.get('retry-after'))).toBeGreaterThan(0);
    // Another address is not affected.
    const other = new ApiClient();
    expect((await other.post('/api/auth/login', { email: 'inconnu@exemple.fr', password: 'nimporte-quoi-123', space: 'patient' })).status).toBe(401);
  });
});

describe('second factor', () => {
  it('requires the TOTP code before any professional route, refuses a wrong or replayed code', async () => {
    const client = new ApiClient();
    const login = await client.post<Session>('/api/auth/login', { email: practitioner.email, password: DEMO_PASSWORD, space: 'pro' });
    expect(login.body.stage).toBe('mfa-required');
    const early = await client.get<ErrorBody>('/api/practice/patients');
    expect(early.status).toBe(401);
    expect(early.body.code).toBe('MFA_REQUIRED');

    const bad = await client.post<ErrorBody>('/api/auth/mfa/verify', { code: '000000' });
    expect(bad.status).toBe(401);
    expect(bad.body.code).toBe('INVALID_MFA_CODE');
    const malformed = await client.post<ErrorBody>('/api/auth/mfa/verify', { code: '12ab' });
    expect(malformed.status).toBe(400);
    expect(malformed.body.fields?.['code']?.[0]).toMatch(/code à 6 chiffres/);

    const code = await freshTotpCode(practitioner.email, practitioner.totpSecret);
    const beforeVerify = client.cookie('passerelle_session');
    const ok = await client.post<Session>('/api/auth/mfa/verify', { code });
    expect(ok.status).toBe(200);
    expect(ok.body.stage).toBe('authenticated');
    expect(client.cookie('passerelle_session')).not.toBe(beforeVerify);
    expect((await client.get('/api/practice/patients')).status).toBe(200);

    // The same code, a second time, from another device: refused.
    const attacker = new ApiClient();
    await attacker.post('/api/auth/login', { email: practitioner.email, password: DEMO_PASSWORD, space: 'pro' });
    expect((await attacker.post('/api/auth/mfa/verify', { code })).status).toBe(401);
  });

  it('lets a patient enrol TOTP, then log in with a single-use recovery code', async () => {
    const client = new ApiClient();
    const { email, password } = await registerPatient(client);
    const start = await client.post<{ secret: string; otpauthUri: string }>('/api/auth/mfa/enrolment');
    expect(start.status).toBe(200);
    expect(start.body.otpauthUri).toMatch(/^otpauth:\/\/totp\/Passerelle/);
    const wrong = await client.post<ErrorBody>('/api/auth/mfa/enrolment/confirm', { code: '000000' });
    expect(wrong.status).toBe(400);
    const confirm = await client.post<{ recoveryCodes: string[]; session: Session }>('/api/auth/mfa/enrolment/confirm', {
      code: await totpCode(start.body.secret),
    });
    expect(confirm.status).toBe(200);
    expect(confirm.body.recoveryCodes).toHaveLength(10);
    expect(new Set(confirm.body.recoveryCodes).size).toBe(10);
    expect(confirm.body.session.account.mfaEnabled).toBe(true);

    const device = new ApiClient();
    expect((await device.post<Session>('/api/auth/login', { email, password, space: 'patient' })).body.stage).toBe('mfa-required');
    const [recovery] = confirm.body.recoveryCodes;
    expect((await device.post<Session>('/api/auth/mfa/verify', { code: recovery })).body.stage).toBe('authenticated');

    const again = new ApiClient();
    await again.post('/api/auth/login', { email, password, space: 'patient' });
    expect((await again.post('/api/auth/mfa/verify', { code: recovery })).status).toBe(401);
  });
});

describe('sessions and credential changes', () => {
  it('asks for re-authentication before a password change, refuses weak passwords, revokes other sessions', async () => {
    const client = new ApiClient();
    const { email, password } = await registerPatient(client);
    const otherDevice = new ApiClient();
    await otherDevice.post('/api/auth/login', { email, password, space: 'patient' });
    // Registration does not count as a recent re-authentication.
    const noReauth = await client.post<ErrorBody>('/api/account/password', { newPassword: 'un-tout-nouveau-mot-de-passe' });
    expect(noReauth.status).toBe(401);
    expect(noReauth.body.code).toBe('REAUTHENTICATION_REQUIRED');
    expect((await client.post('/api/auth/reauthenticate', { password: 'pas-le-bon-mot-de-passe' })).status).toBe(401);
    expect((await client.post('/api/auth/reauthenticate', { password })).status).toBe(204);
    const weak = await client.post<ErrorBody>('/api/account/password', { newPassword: 'Motdepasse2024!' });
    expect(weak.status).toBe(400);
    expect(weak.body.code).toBe('WEAK_PASSWORD');
    const changed = await client.post('/api/account/password', { newPassword: 'un-tout-nouveau-mot-de-passe' });
    expect(changed.status).toBe(204);
    expect((await otherDevice.get('/api/account/sessions')).status).toBe(401);
    expect((await client.get('/api/account/sessions')).status).toBe(200);
    expect((await new ApiClient().post('/api/auth/login', { email, password, space: 'patient' })).status).toBe(401);
    expect((await new ApiClient().post('/api/auth/login', { email, password: 'un-tout-nouveau-mot-de-passe', space: 'patient' })).status).toBe(200);
  });

  it('logs out on the server, and out of every device', async () => {
    const a = new ApiClient();
    const b = new ApiClient();
    await a.loginAs(patient.email, DEMO_PASSWORD);
    await b.loginAs(patient.email, DEMO_PASSWORD);
    const sessions = await a.get<{ current: boolean }[]>('/api/account/sessions');
    expect(sessions.body.filter((s) => s.current)).toHaveLength(1);
    const stolen = a.cookie('passerelle_session') ?? '';
    expect((await a.post('/api/auth/logout')).status).toBe(204);
    const thief = new ApiClient();
    thief.cookies.set('passerelle_session', stolen);
    expect((await thief.get('/api/account/sessions')).status).toBe(401);
    expect((await b.get('/api/account/sessions')).status).toBe(200);

    const c = new ApiClient();
    await c.loginAs(patient.email, DEMO_PASSWORD);
    expect((await c.post('/api/auth/logout-everywhere')).status).toBe(204);
    expect((await b.get('/api/account/sessions')).status).toBe(401);
  });
});

describe('CSRF', () => {
  it('refuses a state-changing request without the token, with a foreign token, or with the pre-login token', async () => {
    const client = new ApiClient();
    const missing = await client.post<ErrorBody>('/api/auth/login', { email: patient.email, password: DEMO_PASSWORD, space: 'patient' }, { withoutCsrf: true });
    expect(missing.status).toBe(403);
    expect(missing.body.code).toBe('CSRF_TOKEN_INVALID');
    const foreign = await client.post('/api/auth/login', { email: patient.email, password: DEMO_PASSWORD, space: 'patient' }, { withoutCsrf: true, headers: { 'X-XSRF-TOKEN': 'forged' } });
    expect(foreign.status).toBe(403);

    await client.get('/api/auth/session');
    const anonymousToken = client.cookie('XSRF-TOKEN') ?? '';
    expect((await client.post('/api/auth/login', { email: patient.email, password: DEMO_PASSWORD, space: 'patient' })).status).toBe(200);
    expect(client.cookie('XSRF-TOKEN')).not.toBe(anonymousToken);
    // A planted cookie + header pair no longer passes once the session is bound to its own token.
    const attacker = new ApiClient();
    attacker.cookies.set('passerelle_session', client.cookie('passerelle_session') ?? '');
    attacker.cookies.set('XSRF-TOKEN', anonymousToken);
    const planted = await attacker.post('/api/auth/logout');
    expect(planted.status).toBe(403);
    expect((await client.get('/api/account/sessions')).status).toBe(200);
  });
});

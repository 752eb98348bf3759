import { randomUUID } from 'node:crypto';
import { AUTH_ROUTES, PasswordResetView } from '@passerelle/shared/contracts';
import { ApiClient } from '../../../../tools/test/http-client';
import { DEMO_ACCOUNTS } from '../../../../tools/test/demo-accounts';
import { totpCode } from '../../../../tools/test/totp';
import { auditRows, ErrorBody, expireLink, Outbox, registerPatient, requestReset, waitForAudit } from './password-reset-support';

const R = AUTH_ROUTES;
const NEW_PASSWORD = 'lampe-cerise-voilier-2031';

/**
 * "Mot de passe oublié ?": the same answer whatever the e-mail, a single-use
 * link by e-mail (read here in the embedded outbox, as an admin does), the
 * second factor when the account has one, every session ended.
 */
describe('forgotten password', () => {
  let outbox: Outbox;

  beforeAll(async () => {
    const admin = new ApiClient();
    await admin.loginAsDemo(DEMO_ACCOUNTS.admin);
    outbox = new Outbox(admin);
  }, 60_000);

  it('answers a known and an unknown e-mail alike; only the known account gets a link; both are audited', async () => {
    const patient = await registerPatient();
    const unknown = `personne-${randomUUID().slice(0, 8)}@exemple.fr`;
    const since = new Date();

    const known = await requestReset(patient.email);
    const nobody = await requestReset(unknown);
    const wrongSpace = await requestReset(patient.email, 'pro');
    for (const answer of [known, nobody, wrongSpace]) {
      expect(answer.status).toBe(202);
      expect(answer.text).toBe('');
    }

    const token = await outbox.waitForResetToken(patient.email);
    const [mail] = await outbox.mails(patient.email);
    expect(mail.subject).toBe('Réinitialisation de votre mot de passe Passerelle');
    expect(mail.text).toContain('ne fonctionne qu’une fois');
    expect(mail.text).toContain('kit de secours');
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);

    const [sent] = await waitForAudit('auth.password-reset.request', (r) => r.result === 'SUCCESS' && r.resourceId === patient.accountId, since);
    expect(sent.actorAccountId).toBeNull(); // whoever asked is not signed in as the account
    // The unknown e-mail, and the patient's e-mail in the professional space.
    const denied = await waitForAudit('auth.password-reset.request', (r) => r.result === 'DENIED' && r.details?.['reason'] === 'unknown-account', since, 2);
    expect(await outbox.mails(unknown)).toEqual([]);
    expect(JSON.stringify(denied)).not.toContain(unknown); // no e-mail address in the audit trail
  });

  it('refuses malformed requests with a French message', async () => {
    const client = new ApiClient();
    const badEmail = await client.post<ErrorBody>(R.passwordReset, { email: 'pas-une-adresse', space: 'patient' });
    expect(badEmail.status).toBe(400);
    expect(badEmail.body.fields?.['email']).toEqual(['Adresse e-mail invalide.']);
    expect((await client.post<ErrorBody>(R.passwordReset, { email: 'a@exemple.fr' })).status).toBe(400);
    expect((await client.post<ErrorBody>(R.passwordReset, { email: 'a@exemple.fr', space: 'patient', admin: true })).status).toBe(400);
    expect((await client.post<ErrorBody>(R.passwordReset, { email: 'a@exemple.fr', space: 'patient' }, { withoutCsrf: true })).status).toBe(403);
  });

  it('sets a new password once; every session ends; the old password stops working', async () => {
    const patient = await registerPatient();
    const otherDevice = new ApiClient();
    await otherDevice.loginAs(patient.email, patient.password);
    await requestReset(patient.email);
    const token = await outbox.waitForResetToken(patient.email);

    const view = await new ApiClient().get<PasswordResetView>(R.passwordResetLink(token));
    expect(view.status).toBe(200);
    expect(view.body).toMatchObject({ email: patient.email, mfaRequired: false });
    expect(new Date(view.body.expiresAt).getTime() - Date.now()).toBeGreaterThan(55 * 60_000);

    const browser = new ApiClient();
    const weak = await browser.post<ErrorBody>(R.passwordResetLink(token), { password: 'Motdepasse2024!' });
    expect(weak.status).toBe(400);
    expect(weak.body.code).toBe('WEAK_PASSWORD');
    const short = await browser.post<ErrorBody>(R.passwordResetLink(token), { password: 'court' });
    expect(short.status).toBe(400);
    expect(short.body.fields?.['password']?.[0]).toMatch(/au moins 12 caractères/);
    const personal = await browser.post<ErrorBody>(R.passwordResetLink(token), { password: `${patient.email.split('@')[0]}-2031!` });
    expect(personal.status).toBe(400);

    const done = await browser.post(R.passwordResetLink(token), { password: NEW_PASSWORD });
    expect(done.status).toBe(204);
    expect((await patient.client.get('/api/account/sessions')).status).toBe(401);
    expect((await otherDevice.get('/api/account/sessions')).status).toBe(401);
    expect((await new ApiClient().post(R.login, { email: patient.email, password: patient.password, space: 'patient' })).status).toBe(401);
    expect((await new ApiClient().post(R.login, { email: patient.email, password: NEW_PASSWORD, space: 'patient' })).status).toBe(200);

    // The link does not work twice.
    const again = await new ApiClient().post<ErrorBody>(R.passwordResetLink(token), { password: 'encore-un-autre-mot-2032' });
    expect(again.status).toBe(410);
    expect(again.body.message).toMatch(/déjà été utilisé/);
    expect((await new ApiClient().get(R.passwordResetLink(token))).status).toBe(410);
    expect((await new ApiClient().post(R.login, { email: patient.email, password: NEW_PASSWORD, space: 'patient' })).status).toBe(200);

    const [reset] = await auditRows('account.password.reset', { resourceId: patient.accountId });
    expect(reset).toMatchObject({ result: 'SUCCESS', actorAccountId: patient.accountId, details: { sessionsRevoked: 2, secondFactor: null } });
    expect((await auditRows('account.password.reset', { resourceId: patient.accountId })).filter((r) => r.details?.['reason'] === 'link-used')).toHaveLength(2);
  });

  it('two requests racing with the same link: exactly one sets its password', async () => {
    const patient = await registerPatient();
    await requestReset(patient.email);
    const token = await outbox.waitForResetToken(patient.email);
    const passwords = ['premier-mot-de-passe-2031', 'second-mot-de-passe-2032'];
    const answers = await Promise.all(passwords.map((password) => new ApiClient().post(R.passwordResetLink(token), { password })));
    expect(answers.map((a) => a.status).sort()).toEqual([204, 410]);
    const winner = passwords[answers.findIndex((a) => a.status === 204)];
    const loser = passwords.find((p) => p !== winner) ?? '';
    expect(await new ApiClient().post(R.login, { email: patient.email, password: winner, space: 'patient' }).then((r) => r.status)).toBe(200);
    expect(await new ApiClient().post(R.login, { email: patient.email, password: loser, space: 'patient' }).then((r) => r.status)).toBe(401);
  });

  it('a newer link replaces the older; an expired, unknown or malformed link is refused', async () => {
    const patient = await registerPatient();
    await requestReset(patient.email);
    const first = await outbox.waitForResetToken(patient.email, 1);
    await requestReset(patient.email);
    const second = await outbox.waitForResetToken(patient.email, 2);
    expect(second).not.toBe(first);

    const replaced = await new ApiClient().post<ErrorBody>(R.passwordResetLink(first), { password: NEW_PASSWORD });
    expect(replaced.status).toBe(410);
    expect(replaced.body.message).toMatch(/expiré .* ou un lien plus récent/);

    await expireLink(second);
    const expired = await new ApiClient().get<ErrorBody>(R.passwordResetLink(second));
    expect(expired.status).toBe(410);
    expect(expired.body.message).toMatch(/valable 60 minutes/);
    expect((await new ApiClient().post(R.passwordResetLink(second), { password: NEW_PASSWORD })).status).toBe(410);

    const unknown = await new ApiClient().get<ErrorBody>(R.passwordResetLink('A'.repeat(43)));
    expect(unknown.status).toBe(404);
    expect(unknown.body.message).toMatch(/n’est pas valide/);
    expect((await new ApiClient().get(R.passwordResetLink('abc'))).status).toBe(404);
    expect((await new ApiClient().post(R.passwordResetLink('abc'), { password: NEW_PASSWORD })).status).toBe(404);
    expect((await new ApiClient().post(R.passwordResetLink(second), { password: 12 })).status).toBe(400);
    // Still the old password.
    expect((await new ApiClient().post(R.login, { email: patient.email, password: patient.password, space: 'patient' })).status).toBe(200);
  });

  it('needs the second factor (a TOTP code or a recovery code) when the account has one', async () => {
    const patient = await registerPatient();
    const start = await patient.client.post<{ secret: string }>('/api/auth/mfa/enrolment');
    const enrolled = await patient.client.post<{ recoveryCodes: string[] }>('/api/auth/mfa/enrolment/confirm', { code: await totpCode(start.body.secret) });
    expect(enrolled.status).toBe(200);
    await requestReset(patient.email);
    const token = await outbox.waitForResetToken(patient.email);
    expect((await new ApiClient().get<PasswordResetView>(R.passwordResetLink(token))).body.mfaRequired).toBe(true);

    const browser = new ApiClient();
    const withoutCode = await browser.post<ErrorBody>(R.passwordResetLink(token), { password: NEW_PASSWORD });
    expect(withoutCode.status).toBe(400);
    expect(withoutCode.body.code).toBe('MFA_REQUIRED');
    expect(withoutCode.body.fields?.['code']?.[0]).toMatch(/code de secours/);
    const wrong = await browser.post<ErrorBody>(R.passwordResetLink(token), { password: NEW_PASSWORD, code: '000000' });
    expect(wrong.status).toBe(401);
    expect(wrong.body.code).toBe('INVALID_MFA_CODE');
    const malformed = await browser.post<ErrorBody>(R.passwordResetLink(token), { password: NEW_PASSWORD, code: 'abc' });
    expect(malformed.status).toBe(400);
    const [failure] = await auditRows('account.password.reset', { resourceId: undefined }).then((rows) =>
      rows.filter((r) => r.actorAccountId === patient.accountId && r.result === 'FAILURE'),
    );
    expect(failure.details).toMatchObject({ reason: 'bad-totp', consecutiveFailures: 1 });
    // Nothing changed yet: the old password still passes (and asks for the code).
    expect((await new ApiClient().post<{ stage: string }>(R.login, { email: patient.email, password: patient.password, space: 'patient' })).body.stage).toBe('mfa-required');

    const [recoveryCode] = enrolled.body.recoveryCodes;
    expect((await browser.post(R.passwordResetLink(token), { password: NEW_PASSWORD, code: recoveryCode })).status).toBe(204);
    const device = new ApiClient();
    expect((await device.post<{ stage: string }>(R.login, { email: patient.email, password: NEW_PASSWORD, space: 'patient' })).body.stage).toBe('mfa-required');
    // The recovery code was used up by the reset.
    expect((await device.post('/api/auth/mfa/verify', { code: recoveryCode })).status).toBe(401);
    const [reset] = (await auditRows('account.password.reset', { resourceId: patient.accountId })).filter((r) => r.result === 'SUCCESS');
    expect(reset.details).toMatchObject({ secondFactor: 'recovery-code' });
  });

  it('throttles requests per address, and sends at most 3 links an hour to one account', async () => {
    const patient = await registerPatient();
    const since = new Date();
    for (let i = 0; i < 4; i++) expect((await requestReset(patient.email)).status).toBe(202);
    await waitForAudit('auth.password-reset.request', (r) => r.details?.['reason'] === 'too-many-links' && r.resourceId === patient.accountId, since);
    expect(await outbox.resetTokens(patient.email)).toHaveLength(3);

    const sameAddress = new ApiClient();
    const statuses: number[] = [];
    for (let i = 0; i < 11; i++) statuses.push((await requestReset(`inconnu-${i}@exemple.fr`, 'patient', sameAddress)).status);
    expect(statuses.slice(0, 10).every((s) => s === 202)).toBe(true);
    expect(statuses[10]).toBe(429);
    const refused = await requestReset('inconnu@exemple.fr', 'patient', sameAddress);
    expect((refused.body as ErrorBody).code).toBe('TOO_MANY_REQUESTS');
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    await waitForAudit('access.throttled', (r) => r.details?.['route'] === 'POST /api/auth/password-reset', since);
  });
});

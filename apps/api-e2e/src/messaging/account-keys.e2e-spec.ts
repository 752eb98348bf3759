import { hash, Algorithm } from '@node-rs/argon2';
import { randomUUID } from 'node:crypto';
import { AccountKeyView, AUTH_ROUTES, MESSAGING_ROUTES, PracticeKeyView } from '@passerelle/shared/contracts';
import {
  createRecoveryKit,
  generateKeyPair,
  openPracticeKey,
  protectPrivateKey,
  sharePracticeKey,
  unlockPrivateKey,
  unlockWithRecoveryKit,
  UnlockedPrivateKey,
} from '@passerelle/shared/crypto';
import { ApiClient } from '../../../../tools/test/http-client';
import { DEMO_ACCOUNTS } from '../../../../tools/test/demo-accounts';
import { totpCode } from '../../../../tools/test/totp';
import { auditRows, ErrorBody, Outbox, registerPatient, Registered, requestReset } from '../auth/password-reset-support';
import { withDatabase } from './other-practice';

const R = MESSAGING_ROUTES;
/** Fewer rounds than production's 600,000 keep the suite fast; the server accepts ≥ 100,000. */
const ITERATIONS = 100_000;
const NEW_PASSWORD = 'girafe-montagne-piano-2031';

interface Keyed extends Registered {
  key: UnlockedPrivateKey;
  kitSecret: string | null;
}

/** Registers a key pair as the browser does (with a recovery kit for patients). */
async function withKey(user: Registered, kit: boolean): Promise<Keyed> {
  const key = await generateKeyPair(user.email);
  const recovery = kit ? await createRecoveryKit(key) : null;
  const registered = await user.client.put(R.myKey, {
    publicKey: key.publicKeyArmored,
    protectedPrivateKey: await protectPrivateKey(key, user.password, ITERATIONS),
    ...(recovery ? { recoveryPrivateKey: recovery.protectedKey } : {}),
  });
  if (registered.status !== 200) throw new Error(`key registration: ${registered.status} ${registered.text}`);
  return { ...user, key, kitSecret: recovery?.secret ?? null };
}

const myKey = async (client: ApiClient) => (await client.get<AccountKeyView>(R.myKey)).body;
const loginStatus = (email: string, password: string, space: 'patient' | 'pro' = 'patient') =>
  new ApiClient().post(AUTH_ROUTES.login, { email, password, space }).then((r) => r.status);

describe('messaging key and password', () => {
  let outbox: Outbox;

  /** "Mot de passe oublié" through the e-mailed link; returns a client signed in with the new password. */
  async function resetPassword(user: { email: string }, options: { space?: 'patient' | 'pro'; codes?: string[] } = {}): Promise<ApiClient> {
    const before = (await outbox.resetTokens(user.email)).length;
    await requestReset(user.email, options.space ?? 'patient');
    const token = await outbox.waitForResetToken(user.email, before + 1);
    const codes = options.codes ?? [];
    const done = await new ApiClient().post(AUTH_ROUTES.passwordResetLink(token), { password: NEW_PASSWORD, ...(codes[0] ? { code: codes[0] } : {}) });
    if (done.status !== 204) throw new Error(`reset: ${done.status} ${done.text}`);
    const client = new ApiClient();
    const login = await client.post<{ stage: string }>(AUTH_ROUTES.login, { email: user.email, password: NEW_PASSWORD, space: options.space ?? 'patient' });
    if (login.body.stage === 'mfa-required') await client.post(AUTH_ROUTES.mfaVerify, { code: codes[1] });
    return client;
  }

  beforeAll(async () => {
    const admin = new ApiClient();
    await admin.loginAsDemo(DEMO_ACCOUNTS.admin);
    outbox = new Outbox(admin);
  }, 60_000);

  describe('password change', () => {
    it('stores the new password and the key protected by it together, or neither', async () => {
      const patient = await withKey(await registerPatient(), true);
      const otherDevice = new ApiClient();
      await otherDevice.loginAs(patient.email, patient.password);
      const change = (body: object) => patient.client.post<ErrorBody>(AUTH_ROUTES.password, { newPassword: NEW_PASSWORD, ...body });

      const noReauth = await change({ newKeyProtection: await protectPrivateKey(patient.key, NEW_PASSWORD, ITERATIONS) });
      expect(noReauth.body.code).toBe('REAUTHENTICATION_REQUIRED');
      expect((await patient.client.post(AUTH_ROUTES.reauthenticate, { password: patient.password })).status).toBe(204);

      const withoutKey = await change({});
      expect(withoutKey.status).toBe(400);
      expect(withoutKey.body.code).toBe('KEY_PROTECTION_REQUIRED');
      expect(withoutKey.body.fields?.['newKeyProtection']?.[0]).toMatch(/protégée par le nouveau mot de passe/);
      const otherKey = await change({ newKeyProtection: await protectPrivateKey(await generateKeyPair('autre'), NEW_PASSWORD, ITERATIONS) });
      expect(otherKey.status).toBe(400);
      expect(otherKey.body.message).toBe('La clé privée ne correspond pas à la clé publique du compte.');
      const inClear = await change({ newKeyProtection: { ...(await protectPrivateKey(patient.key, NEW_PASSWORD, ITERATIONS)), armoredKey: patient.key.key.armor() } });
      expect(inClear.status).toBe(400);
      expect(inClear.body.message).toMatch(/chiffrée/);
      const malformed = await change({ newKeyProtection: { version: 2, kdf: 'MD5', iterations: 1, salt: '', armoredKey: 'x' } });
      expect(malformed.status).toBe(400);
      expect(Object.keys(malformed.body.fields ?? {})).toEqual(expect.arrayContaining(['newKeyProtection.version', 'newKeyProtection.kdf']));

      // Every refusal above came after the password was written in the transaction: all rolled back.
      expect(await loginStatus(patient.email, patient.password)).toBe(200);
      expect(await loginStatus(patient.email, NEW_PASSWORD)).toBe(401);
      expect((await unlockPrivateKey((await myKey(patient.client)).protectedPrivateKey, patient.password)).fingerprint).toBe(patient.key.fingerprint);
      expect((await otherDevice.get(R.myKey)).status).toBe(200);

      const changed = await change({ newKeyProtection: await protectPrivateKey(patient.key, NEW_PASSWORD, ITERATIONS) });
      expect(changed.status).toBe(204);
      const stored = await myKey(patient.client);
      expect((await unlockPrivateKey(stored.protectedPrivateKey, NEW_PASSWORD)).fingerprint).toBe(patient.key.fingerprint);
      await expect(unlockPrivateKey(stored.protectedPrivateKey, patient.password)).rejects.toMatchObject({ code: 'WRONG_SECRET' });
      expect(stored.recoveryPrivateKey).not.toBeNull(); // the printed kit still works
      expect(stored.passwordResetAt).toBeNull();
      expect(await loginStatus(patient.email, NEW_PASSWORD)).toBe(200);
      expect((await otherDevice.get(R.myKey)).status).toBe(401);
      const [audit] = (await auditRows('account.password.change')).filter((r) => r.actorAccountId === patient.accountId);
      // The other device, and the login that checked the old password above.
      expect(audit.details).toMatchObject({ keyReprotected: true, otherSessionsRevoked: 2 });
    });

    it('refuses a key protection from an account without messaging keys', async () => {
      const patient = await registerPatient();
      await patient.client.post(AUTH_ROUTES.reauthenticate, { password: patient.password });
      const refused = await patient.client.post<ErrorBody>(AUTH_ROUTES.password, {
        newPassword: NEW_PASSWORD,
        newKeyProtection: await protectPrivateKey(await generateKeyPair('x'), NEW_PASSWORD, ITERATIONS),
      });
      expect(refused.status).toBe(400);
      expect(refused.body.message).toMatch(/aucune clé n’est à protéger/);
      expect(await loginStatus(patient.email, patient.password)).toBe(200);
      expect((await patient.client.post(AUTH_ROUTES.password, { newPassword: NEW_PASSWORD })).status).toBe(204);
    });
  });

  describe('after a password reset', () => {
    it('a patient’s key waits for the recovery kit, which restores it under the new password', async () => {
      const patient = await withKey(await registerPatient(), true);
      const client = await resetPassword(patient);

      const waiting = await myKey(client);
      expect(waiting.passwordResetAt).not.toBeNull();
      expect(waiting.fingerprint).toBe(patient.key.fingerprint);
      await expect(unlockPrivateKey(waiting.protectedPrivateKey, NEW_PASSWORD)).rejects.toMatchObject({ code: 'WRONG_SECRET' });
      if (!waiting.recoveryPrivateKey || !patient.kitSecret) throw new Error('no recovery kit');
      await expect(unlockWithRecoveryKit(waiting.recoveryPrivateKey, 'AAAA-BBBB-CCCC-DDDD-EEEE-FFFF-GGGG-HHHH')).rejects.toMatchObject({ code: 'WRONG_SECRET' });
      // As typed from paper: lower case, O for 0.
      const fromKit = await unlockWithRecoveryKit(waiting.recoveryPrivateKey, patient.kitSecret.toLowerCase().replace(/0/g, 'o'));
      expect(fromKit.fingerprint).toBe(patient.key.fingerprint);

      const malformed = await client.put<ErrorBody>(R.myKeyProtection, { protectedPrivateKey: { version: 1 } });
      expect(malformed.status).toBe(400);
      const otherKey = await client.put<ErrorBody>(R.myKeyProtection, { protectedPrivateKey: await protectPrivateKey(await generateKeyPair('x'), NEW_PASSWORD, ITERATIONS) });
      expect(otherKey.status).toBe(400);
      expect((await myKey(client)).passwordResetAt).not.toBeNull();

      const restored = await client.put<AccountKeyView>(R.myKeyProtection, { protectedPrivateKey: await protectPrivateKey(fromKit, NEW_PASSWORD, ITERATIONS) });
      expect(restored.status).toBe(200);
      expect(restored.body.passwordResetAt).toBeNull();
      expect((await unlockPrivateKey(restored.body.protectedPrivateKey, NEW_PASSWORD)).fingerprint).toBe(patient.key.fingerprint);

      // Once restored, the protection changes only with the password.
      const again = await client.put<ErrorBody>(R.myKeyProtection, { protectedPrivateKey: await protectPrivateKey(fromKit, 'autre-chose-2031', ITERATIONS) });
      expect(again.status).toBe(409);
      expect(again.body.message).toMatch(/changez votre mot de passe/);
      const replace = await client.post<ErrorBody>(R.myKeyReplacement, await registration(await generateKeyPair('x'), NEW_PASSWORD));
      expect(replace.status).toBe(409);
      expect((await auditRows('messaging.key.restore', { resourceId: patient.accountId })).map((r) => r.result)).toEqual(['SUCCESS', 'DENIED']);
    });

    it('without the kit, a new key pair replaces the old one, which stays on record', async () => {
      const patient = await withKey(await registerPatient(), true);
      const client = await resetPassword(patient);
      const fresh = await generateKeyPair(patient.email);
      const kit = await createRecoveryKit(fresh);

      const same = await client.post<ErrorBody>(R.myKeyReplacement, await registration(patient.key, NEW_PASSWORD));
      expect(same.status).toBe(400);
      const mismatch = await client.post<ErrorBody>(R.myKeyReplacement, { ...(await registration(fresh, NEW_PASSWORD)), publicKey: (await generateKeyPair('y')).publicKeyArmored });
      expect(mismatch.status).toBe(400);
      expect((await client.post<ErrorBody>(R.myKeyReplacement, { publicKey: 'bonjour' })).status).toBe(400);

      const replaced = await client.post<AccountKeyView>(R.myKeyReplacement, { ...(await registration(fresh, NEW_PASSWORD)), recoveryPrivateKey: kit.protectedKey });
      expect(replaced.status).toBe(200);
      expect(replaced.body.fingerprint).toBe(fresh.fingerprint);
      expect(replaced.body.passwordResetAt).toBeNull();
      const retired = await withDatabase(async (db) => (await db.query(`SELECT fingerprint FROM "RetiredAccountKey" WHERE "accountId" = $1`, [patient.accountId])).rows);
      expect(retired).toEqual([{ fingerprint: patient.key.fingerprint }]);
      expect((await client.post(R.myKeyReplacement, await registration(await generateKeyPair('z'), NEW_PASSWORD))).status).toBe(409);
    });

    it('practice staff get a new key; a colleague shares the practice key again; copies the old key signed still open', async () => {
      const { a, b } = await practiceOfTwo();
      // A creates the practice key, with copies for A and B signed by A's (soon retired) key.
      const practiceKey = await generateKeyPair('Cabinet');
      const copies = await sharePracticeKey(practiceKey, [a.key.publicKeyArmored, b.key.publicKeyArmored], a.key);
      const created = await a.client.put(R.practiceKey, {
        publicKey: practiceKey.publicKeyArmored,
        copies: copies.map((c, i) => ({ accountId: [a, b][i].accountId, encryptedPrivateKey: Buffer.from(c.encryptedPrivateKey).toString('base64') })),
      });
      expect(created.status).toBe(200);

      // A forgets her password: the reset needs her second factor (here a recovery code).
      const aClient = await resetPassword(a, { space: 'pro', codes: a.recoveryCodes });
      expect((await myKey(aClient)).passwordResetAt).not.toBeNull();
      const aNew = await generateKeyPair(a.email);
      const replaced = await aClient.post<AccountKeyView>(R.myKeyReplacement, await registration(aNew, NEW_PASSWORD));
      expect(replaced.status).toBe(200);
      const [audit] = (await auditRows('messaging.key.replace', { resourceId: a.accountId })).filter((r) => r.result === 'SUCCESS');
      expect(audit.details).toMatchObject({ practiceKeyCopiesDropped: 1 });

      // A's copy (to her old key) is gone; B sees her among the members to share with.
      expect((await aClient.get<PracticeKeyView>(R.practiceKey)).body.myCopy).toBeNull();
      const seenByB = (await b.client.get<PracticeKeyView>(R.practiceKey)).body;
      expect(seenByB.membersWithoutCopy).toEqual([{ accountId: a.accountId, publicKey: aNew.publicKeyArmored }]);
      // B's copy was signed by A's old key: still trusted (retired keys of members sign on).
      if (!seenByB.myCopy) throw new Error('B has no copy');
      const opened = await openPracticeKey(Buffer.from(seenByB.myCopy, 'base64'), b.key, seenByB.sharers.map((s) => s.publicKey));
      expect(opened.fingerprint).toBe(practiceKey.fingerprint);

      // B shares it with A's new key; A opens it.
      const [forA] = await sharePracticeKey(opened, [aNew.publicKeyArmored], b.key);
      expect((await b.client.post(R.practiceKeyCopies, { copies: [{ accountId: a.accountId, encryptedPrivateKey: Buffer.from(forA.encryptedPrivateKey).toString('base64') }] })).status).toBe(200);
      const seenByA = (await aClient.get<PracticeKeyView>(R.practiceKey)).body;
      if (!seenByA.myCopy) throw new Error('A has no copy');
      expect((await openPracticeKey(Buffer.from(seenByA.myCopy, 'base64'), aNew, seenByA.sharers.map((s) => s.publicKey))).fingerprint).toBe(practiceKey.fingerprint);
    }, 120_000);

    it('key routes refuse other roles, anonymous visitors and forged requests', async () => {
      const admin = new ApiClient();
      await admin.loginAsDemo(DEMO_ACCOUNTS.admin);
      const body = await registration(await generateKeyPair('x'), NEW_PASSWORD);
      expect((await admin.get(R.myKey)).status).toBe(403);
      expect((await admin.put(R.myKeyProtection, { protectedPrivateKey: body.protectedPrivateKey })).status).toBe(403);
      expect((await admin.post(R.myKeyReplacement, body)).status).toBe(403);
      expect((await new ApiClient().post(R.myKeyReplacement, body)).status).toBe(401);
      const patient = await registerPatient();
      expect((await patient.client.post(R.myKeyReplacement, body, { withoutCsrf: true })).status).toBe(403);
      expect((await patient.client.post(R.myKeyReplacement, body)).status).toBe(404); // no key to replace
    });
  });
});

async function registration(key: UnlockedPrivateKey, password: string) {
  return { publicKey: key.publicKeyArmored, protectedPrivateKey: await protectPrivateKey(key, password, ITERATIONS) };
}

interface Staff extends Keyed {
  recoveryCodes: string[];
}

/**
 * A practice of two — practitioner A and secretary B — created in SQL (the
 * API has no practice sign-up), each enrolled in TOTP and given a key.
 */
async function practiceOfTwo(): Promise<{ a: Staff; b: Staff }> {
  const practiceId = randomUUID();
  const password = 'cabinet-des-tilleuls-2031';
  const passwordHash = await hash(password, { algorithm: Algorithm.Argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1 });
  const members = [
    { accountId: randomUUID(), email: `praticienne-${randomUUID().slice(0, 8)}@passerelle.demo`, role: 'PRACTITIONER', name: 'Dr Anne Tilleul' },
    { accountId: randomUUID(), email: `secretaire-${randomUUID().slice(0, 8)}@passerelle.demo`, role: 'SECRETARY', name: 'Bruno Tilleul' },
  ];
  await withDatabase(async (db) => {
    await db.query('BEGIN');
    await db.query(`INSERT INTO "Practice" (id, name, "addressLine", postcode, commune, departement) VALUES ($1, 'Cabinet des Tilleuls', '2 rue des Tilleuls', '69003', 'Lyon', '69')`, [practiceId]);
    for (const m of members) {
      await db.query(`INSERT INTO "Account" (id, email, audience, role, status, "displayName", "passwordHash", "updatedAt") VALUES ($1, $2, 'PRO', $3, 'ACTIVE', $4, $5, now())`, [m.accountId, m.email, m.role, m.name, passwordHash]);
      await db.query(`INSERT INTO "PracticeMembership" (id, "practiceId", "accountId", role) VALUES ($1, $2, $3, $4)`, [randomUUID(), practiceId, m.accountId, m.role]);
    }
    await db.query('COMMIT');
  });
  const [a, b] = await Promise.all(
    members.map(async (m): Promise<Staff> => {
      const client = new ApiClient();
      await client.post(AUTH_ROUTES.login, { email: m.email, password, space: 'pro' });
      const start = await client.post<{ secret: string }>(AUTH_ROUTES.mfaEnrolment);
      const confirm = await client.post<{ recoveryCodes: string[] }>(AUTH_ROUTES.mfaEnrolmentConfirm, { code: await totpCode(start.body.secret) });
      if (confirm.status !== 200) throw new Error(`enrolment: ${confirm.status} ${confirm.text}`);
      const keyed = await withKey({ client, email: m.email, password, accountId: m.accountId }, false);
      return { ...keyed, recoveryCodes: confirm.body.recoveryCodes };
    }),
  );
  return { a, b };
}

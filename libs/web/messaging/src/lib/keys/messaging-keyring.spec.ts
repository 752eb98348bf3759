/**
 * @jest-environment node
 */
// openpgp needs Node's WebCrypto and one realm for Uint8Array: no jsdom here (no DOM is used).
import { HttpClient, HttpErrorResponse, HttpEvent, HttpHandler, HttpRequest, HttpResponse } from '@angular/common/http';
import { Injector, runInInjectionContext } from '@angular/core';
import { Observable, Subscriber } from 'rxjs';
import { AccountKeyView, MESSAGING_ROUTES, PracticeKeyView } from '@passerelle/shared/contracts';
import { createRecoveryKit, generateKeyPair, openPracticeKey, protectPrivateKey, readPublicKeyInfo, sharePracticeKey, unlockPrivateKey, unlockWithRecoveryKit } from '@passerelle/shared/crypto';
import { LoginSecret } from '@passerelle/web/core';
import { KeyRecoveryNeeded, MessagingKeyring, WrongKeyPassword, WrongRecoverySecret } from './messaging-keyring';

const ITERATIONS = 1_000;
const PASSWORD = 'Mot-de-passe-tres-long-2026';
const patient = { id: '11111111-1111-4111-8111-111111111111', email: 'marie@exemple.fr', role: 'PATIENT' as const };
const practitioner = { id: '22222222-2222-4222-8222-222222222222', email: 'claire@exemple.fr', role: 'PRACTITIONER' as const };
const toBase64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64');

/** A request the keyring made, answered by the test (the API's side of the wire). */
interface Pending {
  request: HttpRequest<unknown>;
  flush(body: unknown, options?: { status: number; statusText: string }): void;
}

/** The HTTP wire: records each request and lets the test answer it. */
class Wire implements HttpHandler {
  readonly pending: Pending[] = [];

  handle(request: HttpRequest<unknown>): Observable<HttpEvent<unknown>> {
    return new Observable((subscriber: Subscriber<HttpEvent<unknown>>) => {
      this.pending.push({
        request,
        flush: (body, options = { status: 200, statusText: 'OK' }) => {
          if (options.status >= 400) subscriber.error(new HttpErrorResponse({ error: body, url: request.url, ...options }));
          else {
            subscriber.next(new HttpResponse({ body, url: request.url, ...options }));
            subscriber.complete();
          }
        },
      });
    });
  }
}

describe('MessagingKeyring', () => {
  let wire: Wire;
  let keyring: MessagingKeyring;

  /** The keyring works between requests (key generation): wait for the next one. */
  async function next(method: string, url: string): Promise<Pending> {
    for (let i = 0; i < 3_000; i++) {
      const index = wire.pending.findIndex((p) => p.request.method === method && p.request.url === url);
      if (index >= 0) return wire.pending.splice(index, 1)[0];
      await new Promise((r) => setTimeout(r, 10));
    }
    throw new Error(`no ${method} ${url}`);
  }
  const missing = (request: Pending) => request.flush({ message: 'Aucune clé.' }, { status: 404, statusText: 'Not Found' });

  let loginSecret: LoginSecret;

  beforeEach(() => {
    wire = new Wire();
    loginSecret = new LoginSecret();
    const injector = Injector.create({ providers: [{ provide: HttpClient, useValue: new HttpClient(wire) }, { provide: LoginSecret, useValue: loginSecret }] });
    keyring = runInInjectionContext(injector, () => new MessagingKeyring());
  });

  afterEach(() => loginSecret.forget());

  afterEach(() => expect(wire.pending.map((p) => `${p.request.method} ${p.request.url}`)).toEqual([]));

  it('creates a patient’s key on first use, protected by the password, with a recovery kit shown once', async () => {
    const done = keyring.unlock(patient, PASSWORD, { iterations: ITERATIONS });
    missing(await next('GET', MESSAGING_ROUTES.myKey));
    const put = await next('PUT', MESSAGING_ROUTES.myKey);
    put.flush({});
    await done;

    const sent = put.request.body as { publicKey: string; protectedPrivateKey: AccountKeyView['protectedPrivateKey']; recoveryPrivateKey: AccountKeyView['protectedPrivateKey'] };
    expect(sent.publicKey).toBe(keyring.key()?.publicKeyArmored);
    expect((await unlockPrivateKey(sent.protectedPrivateKey, PASSWORD)).fingerprint).toBe(keyring.key()?.fingerprint);
    await expect(unlockPrivateKey(sent.protectedPrivateKey, 'autre-mot-de-passe')).rejects.toThrow();
    const secret = keyring.recoverySecret();
    expect(secret).toBeTruthy();
    expect((await unlockWithRecoveryKit(sent.recoveryPrivateKey, secret as string)).fingerprint).toBe(keyring.key()?.fingerprint);
    keyring.forgetRecoverySecret();
    expect(keyring.recoverySecret()).toBeNull();
  });

  it('unlocks an existing key with the right password, refuses a wrong one and keeps nothing', async () => {
    const stored = await generateKeyPair(patient.email);
    const view = { publicKey: stored.publicKeyArmored, protectedPrivateKey: await protectPrivateKey(stored, PASSWORD, ITERATIONS), recoveryPrivateKey: null, passwordResetAt: null };

    const wrong = keyring.unlock(patient, 'pas-le-bon-mot-de-passe');
    (await next('GET', MESSAGING_ROUTES.myKey)).flush(view);
    await expect(wrong).rejects.toBeInstanceOf(WrongKeyPassword);
    expect(keyring.key()).toBeNull();

    const right = keyring.unlock(patient, PASSWORD);
    (await next('GET', MESSAGING_ROUTES.myKey)).flush(view);
    await right;
    expect(keyring.key()?.fingerprint).toBe(stored.fingerprint);
    expect(keyring.recoverySecret()).toBeNull();
    keyring.lock();
    expect(keyring.key()).toBeNull();
  });

  it('unlocks with the password kept from the login, once: after a reload (nothing kept) or a wrong one, the unlock page is needed', async () => {
    const stored = await generateKeyPair(patient.email);
    const view = { publicKey: stored.publicKeyArmored, protectedPrivateKey: await protectPrivateKey(stored, PASSWORD, ITERATIONS), recoveryPrivateKey: null };
    expect(await keyring.unlockWithLoginSecret(patient)).toBe(false);

    loginSecret.keep('pas-le-bon-mot-de-passe');
    const wrong = keyring.unlockWithLoginSecret(patient);
    (await next('GET', MESSAGING_ROUTES.myKey)).flush(view);
    expect(await wrong).toBe(false);

    loginSecret.keep(PASSWORD);
    const right = keyring.unlockWithLoginSecret(patient);
    (await next('GET', MESSAGING_ROUTES.myKey)).flush(view);
    expect(await right).toBe(true);
    expect(keyring.key()?.fingerprint).toBe(stored.fingerprint);
    expect(loginSecret.take()).toBeNull(); // handed over, then forgotten
    expect(await keyring.unlockWithLoginSecret(patient)).toBe(true); // already unlocked: no request
  });

  it('practice staff: creates the practice key when there is none, opens its copy and shares it with members without one', async () => {
    const own = await generateKeyPair(practitioner.email);
    const colleague = await generateKeyPair('karim@exemple.fr');
    const done = keyring.unlock(practitioner, PASSWORD, { iterations: ITERATIONS });
    (await next('GET', MESSAGING_ROUTES.myKey)).flush({ publicKey: own.publicKeyArmored, protectedPrivateKey: await protectPrivateKey(own, PASSWORD, ITERATIONS), recoveryPrivateKey: null });
    missing(await next('GET', MESSAGING_ROUTES.practiceKey));
    const create = await next('PUT', MESSAGING_ROUTES.practiceKey);
    const body = create.request.body as { publicKey: string; copies: { accountId: string; encryptedPrivateKey: string }[] };
    expect(body.copies.map((c) => c.accountId)).toEqual([practitioner.id]);
    const created: PracticeKeyView = {
      practiceId: 'p',
      publicKey: body.publicKey,
      fingerprint: 'f',
      myCopy: body.copies[0].encryptedPrivateKey,
      sharers: [{ accountId: practitioner.id, publicKey: own.publicKeyArmored }],
      membersWithoutCopy: [{ accountId: 'karim', publicKey: colleague.publicKeyArmored }],
    };
    create.flush(created);
    const share = await next('POST', MESSAGING_ROUTES.practiceKeyCopies);
    share.flush({});
    await done;

    expect(keyring.practiceKey()?.publicKeyArmored).toBe(body.publicKey);
    expect(keyring.recoverySecret()).toBeNull(); // no kit for staff
    // Karim's copy opens with his key and is signed by Claire.
    const [karimsCopy] = (share.request.body as { copies: { accountId: string; encryptedPrivateKey: string }[] }).copies;
    expect(karimsCopy.accountId).toBe('karim');
    const opened = await openPracticeKey(new Uint8Array(Buffer.from(karimsCopy.encryptedPrivateKey, 'base64')), colleague, [own.publicKeyArmored]);
    expect(opened.fingerprint).toBe(keyring.practiceKey()?.fingerprint);
  });

  it('practice staff without a copy yet: own key unlocked, no practice key, nothing shared', async () => {
    const own = await generateKeyPair(practitioner.email);
    const other = await generateKeyPair('cabinet');
    const [copy] = await sharePracticeKey(other, [other.publicKeyArmored], other);
    const done = keyring.unlock({ ...practitioner, role: 'SECRETARY' as const }, PASSWORD);
    (await next('GET', MESSAGING_ROUTES.myKey)).flush({ publicKey: own.publicKeyArmored, protectedPrivateKey: await protectPrivateKey(own, PASSWORD, ITERATIONS), recoveryPrivateKey: null });
    (await next('GET', MESSAGING_ROUTES.practiceKey)).flush({ practiceId: 'p', publicKey: other.publicKeyArmored, fingerprint: 'f', myCopy: null, sharers: [], membersWithoutCopy: [{ accountId: 'x', publicKey: toBase64(copy.encryptedPrivateKey) }] });
    await done;
    expect(keyring.key()?.fingerprint).toBe(own.fingerprint);
    expect(keyring.practiceKey()).toBeNull();
  });

  describe('after a password reset', () => {
    const NEW_PASSWORD = 'Nouveau-mot-de-passe-2031';
    /** The key as stored before the reset: under the old password, with a kit copy. */
    async function resetKey() {
      const stored = await generateKeyPair(patient.email);
      const kit = await createRecoveryKit(stored);
      const view: AccountKeyView = {
        publicKey: stored.publicKeyArmored,
        fingerprint: stored.fingerprint,
        protectedPrivateKey: await protectPrivateKey(stored, PASSWORD, ITERATIONS),
        recoveryPrivateKey: kit.protectedKey,
        passwordResetAt: '2031-01-01T10:00:00.000Z',
      };
      return { stored, kit, view };
    }
    /** Unlocks as the guard does right after login (the API checked the password). */
    async function unlockAfterLogin(view: AccountKeyView, passwordVerified = true) {
      const attempt = keyring.unlock(patient, NEW_PASSWORD, { passwordVerified });
      (await next('GET', MESSAGING_ROUTES.myKey)).flush(view);
      await expect(attempt).rejects.toBeInstanceOf(KeyRecoveryNeeded);
    }

    it('does not try the new password: the key waits for its recovery, which the kit brings back under the new password', async () => {
      const { stored, kit, view } = await resetKey();
      await unlockAfterLogin(view);
      expect(keyring.key()).toBeNull();
      expect(keyring.recoveryNeeded()).toBe(true);
      expect(keyring.recoveryPasswordKnown()).toBe(true);
      expect(keyring.recoveryKitExists()).toBe(true);

      await expect(keyring.restore(patient, { recoverySecret: 'AAAA-BBBB-CCCC-DDDD-EEEE-FFFF-GGGG-HHHH' })).rejects.toBeInstanceOf(WrongRecoverySecret);
      expect(wire.pending).toEqual([]); // nothing sent for a wrong kit

      const done = keyring.restore(patient, { recoverySecret: kit.secret.toLowerCase() }, ITERATIONS);
      const put = await next('PUT', MESSAGING_ROUTES.myKeyProtection);
      put.flush({ ...view, passwordResetAt: null });
      await done;
      const sent = (put.request.body as { protectedPrivateKey: AccountKeyView['protectedPrivateKey'] }).protectedPrivateKey;
      expect((await unlockPrivateKey(sent, NEW_PASSWORD)).fingerprint).toBe(stored.fingerprint);
      await expect(unlockPrivateKey(sent, PASSWORD)).rejects.toThrow();
      expect(keyring.key()?.fingerprint).toBe(stored.fingerprint);
      expect(keyring.recoveryNeeded()).toBe(false);
      expect(keyring.recoverySecret()).toBeNull(); // the printed kit still works: no new one
    });

    it('restores with the old password too; refuses a wrong one', async () => {
      const { stored, view } = await resetKey();
      await unlockAfterLogin(view);
      await expect(keyring.restore(patient, { oldPassword: 'pas-le-bon' })).rejects.toBeInstanceOf(WrongKeyPassword);
      const done = keyring.restore(patient, { oldPassword: PASSWORD }, ITERATIONS);
      (await next('PUT', MESSAGING_ROUTES.myKeyProtection)).flush({});
      await done;
      expect(keyring.key()?.fingerprint).toBe(stored.fingerprint);
    });

    it('a password typed on the unlock page (maybe mistyped) is not trusted to protect the key', async () => {
      const { kit, view } = await resetKey();
      await unlockAfterLogin(view, false);
      expect(keyring.recoveryPasswordKnown()).toBe(false);
      await expect(keyring.restore(patient, { recoverySecret: kit.secret })).rejects.toThrow(/Sign in again/);
      expect(wire.pending).toEqual([]);
      // A reload forgets it all; the page asks the API again.
      keyring.lock();
      const check = keyring.checkRecovery();
      (await next('GET', MESSAGING_ROUTES.myKey)).flush(view);
      expect(await check).toBe(true);
      expect(keyring.recoveryPasswordKnown()).toBe(false);
    });

    it('without kit nor old password: a new key pair with a new kit, registered as a replacement', async () => {
      const { stored, view } = await resetKey();
      await unlockAfterLogin(view);
      const done = keyring.replaceKey(patient, ITERATIONS);
      const post = await next('POST', MESSAGING_ROUTES.myKeyReplacement);
      post.flush({});
      await done;
      const body = post.request.body as { publicKey: string; protectedPrivateKey: AccountKeyView['protectedPrivateKey']; recoveryPrivateKey: AccountKeyView['protectedPrivateKey'] };
      const fresh = keyring.key();
      expect(fresh?.fingerprint).not.toBe(stored.fingerprint);
      expect((await readPublicKeyInfo(body.publicKey)).fingerprint).toBe(fresh?.fingerprint);
      expect((await unlockPrivateKey(body.protectedPrivateKey, NEW_PASSWORD)).fingerprint).toBe(fresh?.fingerprint);
      expect((await unlockWithRecoveryKit(body.recoveryPrivateKey, keyring.recoverySecret() as string)).fingerprint).toBe(fresh?.fingerprint);
    });

    it('practice staff: the new key gets no practice key until a colleague shares it', async () => {
      const own = await generateKeyPair(practitioner.email);
      const view: AccountKeyView = { publicKey: own.publicKeyArmored, fingerprint: own.fingerprint, protectedPrivateKey: await protectPrivateKey(own, PASSWORD, ITERATIONS), recoveryPrivateKey: null, passwordResetAt: '2031-01-01T10:00:00.000Z' };
      const attempt = keyring.unlock(practitioner, NEW_PASSWORD, { passwordVerified: true });
      (await next('GET', MESSAGING_ROUTES.myKey)).flush(view);
      await expect(attempt).rejects.toBeInstanceOf(KeyRecoveryNeeded);
      expect(keyring.recoveryKitExists()).toBe(false);
      const done = keyring.replaceKey(practitioner, ITERATIONS);
      const post = await next('POST', MESSAGING_ROUTES.myKeyReplacement);
      expect((post.request.body as object)).not.toHaveProperty('recoveryPrivateKey');
      post.flush({});
      const practice = await generateKeyPair('cabinet');
      (await next('GET', MESSAGING_ROUTES.practiceKey)).flush({ practiceId: 'p', publicKey: practice.publicKeyArmored, fingerprint: 'f', myCopy: null, sharers: [], membersWithoutCopy: [] });
      await done;
      expect(keyring.key()).not.toBeNull();
      expect(keyring.practiceKey()).toBeNull();
      expect(keyring.recoverySecret()).toBeNull();
    });
  });
});

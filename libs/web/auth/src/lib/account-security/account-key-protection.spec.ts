/**
 * @jest-environment node
 */
// openpgp needs Node's WebCrypto and one realm for Uint8Array: no jsdom here (no DOM is used).
import { HttpClient, HttpErrorResponse, HttpEvent, HttpHandler, HttpRequest, HttpResponse } from '@angular/common/http';
import { Injector, runInInjectionContext } from '@angular/core';
import { AccountKeyView, MESSAGING_ROUTES } from '@passerelle/shared/contracts';
import { Observable, of, throwError } from 'rxjs';
import { AccountKeyProtection, KeyNotOpenedByPassword } from './account-key-protection';

const ITERATIONS = 1_000;
// Loaded as the service loads it (lazily): this library never imports OpenPGP up front.
const crypto = () => import('@passerelle/shared/crypto');

/** The API's answer to GET keys/me, and the requests made. */
class KeyApi implements HttpHandler {
  readonly requests: string[] = [];
  constructor(private readonly answer: { status: number; body: unknown }) {}

  handle(request: HttpRequest<unknown>): Observable<HttpEvent<unknown>> {
    this.requests.push(`${request.method} ${request.url}`);
    const { status, body } = this.answer;
    return status >= 400 ? throwError(() => new HttpErrorResponse({ status, error: body, url: request.url })) : of(new HttpResponse({ status, body, url: request.url }));
  }
}

function protectionWith(answer: { status: number; body: unknown }) {
  const api = new KeyApi(answer);
  const injector = Injector.create({ providers: [{ provide: HttpClient, useValue: new HttpClient(api) }] });
  return { api, protection: runInInjectionContext(injector, () => new AccountKeyProtection()) };
}

async function storedKey(password: string, passwordResetAt: string | null = null) {
  const { generateKeyPair, protectPrivateKey } = await crypto();
  const key = await generateKeyPair('marie@exemple.fr');
  const view: AccountKeyView = { publicKey: key.publicKeyArmored, fingerprint: key.fingerprint, protectedPrivateKey: await protectPrivateKey(key, password, ITERATIONS), recoveryPrivateKey: null, passwordResetAt };
  return { key, view };
}

describe('AccountKeyProtection (password change with messaging keys)', () => {
  it('protects the same key with the new password, in the browser', async () => {
    const { key, view } = await storedKey('ancien-mot-de-passe');
    const { api, protection } = protectionWith({ status: 200, body: view });
    const fresh = await protection.forNewPassword('PATIENT', 'ancien-mot-de-passe', 'nouveau-mot-de-passe');
    if (!fresh) throw new Error('no protection');
    const { unlockPrivateKey } = await crypto();
    expect((await unlockPrivateKey(fresh, 'nouveau-mot-de-passe')).fingerprint).toBe(key.fingerprint);
    await expect(unlockPrivateKey(fresh, 'ancien-mot-de-passe')).rejects.toThrow();
    expect(api.requests).toEqual([`GET ${MESSAGING_ROUTES.myKey}`]);
  });

  it('has nothing to carry over without a key, or when a reset left it for the recovery kit', async () => {
    expect(await protectionWith({ status: 404, body: { message: 'Aucune clé.' } }).protection.forNewPassword('PATIENT', 'a', 'b')).toBeUndefined();
    const { view } = await storedKey('encore-plus-ancien', '2031-01-01T00:00:00.000Z');
    expect(await protectionWith({ status: 200, body: view }).protection.forNewPassword('PATIENT', 'a', 'b')).toBeUndefined();
  });

  it('does not ask for a key for roles without messaging; passes other API errors on', async () => {
    const { api, protection } = protectionWith({ status: 200, body: {} });
    expect(await protection.forNewPassword('ADMIN', 'a', 'b')).toBeUndefined();
    expect(api.requests).toEqual([]);
    await expect(protectionWith({ status: 500, body: {} }).protection.forNewPassword('PATIENT', 'a', 'b')).rejects.toBeInstanceOf(HttpErrorResponse);
  });

  it('says so when the current password does not open the stored key (the password is then not changed)', async () => {
    const { view } = await storedKey('un-autre-mot-de-passe');
    await expect(protectionWith({ status: 200, body: view }).protection.forNewPassword('SECRETARY', 'mot-de-passe-actuel', 'nouveau')).rejects.toBeInstanceOf(KeyNotOpenedByPassword);
  });
});

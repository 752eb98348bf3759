import { HttpClient, HttpErrorResponse } from '@angular/common/http';
import { effect, inject, Injectable, signal } from '@angular/core';
import {
  createRecoveryKit,
  generateKeyPair,
  openPracticeKey,
  protectPrivateKey,
  sharePracticeKey,
  unlockPrivateKey,
  UnlockedPrivateKey,
} from '@passerelle/shared/crypto';
import { AccountKeyView, AccountView, MESSAGING_ROUTES, PracticeKeyView } from '@passerelle/shared/contracts';
import { LoginSecret, SessionStore } from '@passerelle/web/core';
import { firstValueFrom } from 'rxjs';

export type KeyringAccount = Pick<AccountView, 'id' | 'email' | 'role'>;

const isStaff = (account: KeyringAccount) => account.role === 'PRACTITIONER' || account.role === 'SECRETARY';
const notFound = (error: unknown) => error instanceof HttpErrorResponse && error.status === 404;

const toBase64 = (bytes: Uint8Array): string => btoa(Array.from(bytes, (b) => String.fromCharCode(b)).join(''));
const fromBase64 = (text: string): Uint8Array => Uint8Array.from(atob(text), (c) => c.charCodeAt(0));

/** The password was wrong for the stored key: the user is asked again. */
export class WrongKeyPassword extends Error {
  constructor() {
    super('Mot de passe incorrect : votre messagerie n’a pas pu être déverrouillée.');
  }
}

/**
 * The account's messaging keys, unlocked in memory only for this session
 * (never in localStorage): created and registered on first use, protected
 * by the login password; for practice staff, the practice key too (created
 * and shared with the members when the practice has none).
 */
@Injectable({ providedIn: 'root' })
export class MessagingKeyring {
  private readonly http = inject(HttpClient);
  private readonly loginSecret = inject(LoginSecret);

  private readonly ownKey = signal<UnlockedPrivateKey | null>(null);
  private readonly practice = signal<UnlockedPrivateKey | null>(null);
  private readonly kit = signal<string | null>(null);
  private unlocking: Promise<void> | null = null;

  /** My unlocked private key, or null while locked. */
  readonly key = this.ownKey.asReadonly();
  /** The practice's unlocked key (staff), or null. */
  readonly practiceKey = this.practice.asReadonly();
  /** The recovery secret of a key created just now: shown once, then forgotten. */
  readonly recoverySecret = this.kit.asReadonly();

  constructor() {
    // Signing out (or an expired session) forgets every key.
    const session = inject(SessionStore, { optional: true });
    if (session) {
      effect(() => {
        if (!session.account()) this.lock();
      });
    }
  }

  get unlocked(): boolean {
    return this.ownKey() !== null;
  }

  /** Unlocks (or creates, on first use) the keys with the account's password. */
  unlock(account: KeyringAccount, password: string, iterations?: number): Promise<void> {
    this.unlocking ??= this.open(account, password, iterations).finally(() => (this.unlocking = null));
    return this.unlocking;
  }

  /**
   * Right after login the password is still in memory (LoginSecret): unlocks
   * with it, which forgets it. False when it is gone (page reloaded) or
   * wrong: the unlock page then asks for it.
   */
  async unlockWithLoginSecret(account: KeyringAccount): Promise<boolean> {
    if (this.unlocked) return true;
    const password = this.loginSecret.take();
    if (!password) return false;
    try {
      await this.unlock(account, password);
      return true;
    } catch {
      return false;
    }
  }

  /** The recovery kit was printed or written down: it is not shown again. */
  forgetRecoverySecret(): void {
    this.kit.set(null);
  }

  lock(): void {
    this.ownKey.set(null);
    this.practice.set(null);
    this.kit.set(null);
  }

  private async open(account: KeyringAccount, password: string, iterations?: number): Promise<void> {
    const key = await this.ownKeyFor(account, password, iterations);
    this.ownKey.set(key);
    if (isStaff(account)) this.practice.set(await this.practiceKeyFor(account, key));
  }

  private async ownKeyFor(account: KeyringAccount, password: string, iterations?: number): Promise<UnlockedPrivateKey> {
    let existing: AccountKeyView | null = null;
    try {
      existing = await firstValueFrom(this.http.get<AccountKeyView>(MESSAGING_ROUTES.myKey));
    } catch (error) {
      if (!notFound(error)) throw error;
    }
    if (existing) {
      try {
        return await unlockPrivateKey(existing.protectedPrivateKey, password);
      } catch {
        throw new WrongKeyPassword();
      }
    }
    const key = await generateKeyPair(account.email);
    const recovery = account.role === 'PATIENT' ? await createRecoveryKit(key) : null;
    await firstValueFrom(
      this.http.put(MESSAGING_ROUTES.myKey, {
        publicKey: key.publicKeyArmored,
        protectedPrivateKey: await protectPrivateKey(key, password, iterations),
        ...(recovery ? { recoveryPrivateKey: recovery.protectedKey } : {}),
      }),
    );
    if (recovery) this.kit.set(recovery.secret);
    return key;
  }

  /** Opens my copy of the practice key; creates it if the practice has none; shares it with members still without a copy. */
  private async practiceKeyFor(account: KeyringAccount, key: UnlockedPrivateKey): Promise<UnlockedPrivateKey | null> {
    let view: PracticeKeyView;
    try {
      view = await firstValueFrom(this.http.get<PracticeKeyView>(MESSAGING_ROUTES.practiceKey));
    } catch (error) {
      if (!notFound(error)) throw error;
      const created = await generateKeyPair('Cabinet');
      const [copy] = await sharePracticeKey(created, [key.publicKeyArmored], key);
      view = await firstValueFrom(
        this.http.put<PracticeKeyView>(MESSAGING_ROUTES.practiceKey, {
          publicKey: created.publicKeyArmored,
          copies: [{ accountId: account.id, encryptedPrivateKey: toBase64(copy.encryptedPrivateKey) }],
        }),
      );
    }
    // Nobody shared it with me yet: a colleague's next sign-in will.
    if (!view.myCopy) return null;
    const practiceKey = await openPracticeKey(fromBase64(view.myCopy), key, view.sharers.map((s) => s.publicKey));
    const missing = view.membersWithoutCopy;
    if (missing.length > 0) {
      const copies = await sharePracticeKey(practiceKey, missing.map((m) => m.publicKey), key);
      await firstValueFrom(
        this.http.post(MESSAGING_ROUTES.practiceKeyCopies, {
          copies: copies.map((c, i) => ({ accountId: missing[i].accountId, encryptedPrivateKey: toBase64(c.encryptedPrivateKey) })),
        }),
      );
    }
    return practiceKey;
  }
}

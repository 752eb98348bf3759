import { HttpClient, HttpErrorResponse } from '@angular/common/http';
import { computed, effect, inject, Injectable, signal } from '@angular/core';
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

/** The password was reset: the stored key is still under the old one (see the recovery page). */
export class KeyRecoveryNeeded extends Error {
  constructor() {
    super('Votre mot de passe a été réinitialisé : votre messagerie doit être rétablie.');
  }
}

/** The recovery kit typed did not open the key. */
export class WrongRecoverySecret extends Error {
  constructor() {
    super('Code de secours incorrect : vérifiez chaque groupe de 4 caractères sur votre kit imprimé.');
  }
}

/** How the key is brought back after a reset: the printed kit, or the old password remembered. */
export type KeyRestoration = { recoverySecret: string } | { oldPassword: string };

export interface UnlockOptions {
  /** The API checked this password just now (login): it may protect a restored key. */
  passwordVerified?: boolean;
  /** PBKDF2 rounds for a key protected now (tests use fewer). */
  iterations?: number;
}

/** After a reset: the stored key, and the account's password once the API has checked it. */
interface PendingRecovery {
  stored: AccountKeyView;
  password: string | null;
}

/**
 * The account's messaging keys, unlocked in memory only for this session
 * (never in localStorage): created and registered on first use, protected
 * by the login password; for practice staff, the practice key too (created
 * and shared with the members when the practice has none). After a password
 * reset, restored with the recovery kit (or the old password), or replaced.
 */
@Injectable({ providedIn: 'root' })
export class MessagingKeyring {
  private readonly http = inject(HttpClient);
  private readonly loginSecret = inject(LoginSecret);

  private readonly ownKey = signal<UnlockedPrivateKey | null>(null);
  private readonly practice = signal<UnlockedPrivateKey | null>(null);
  private readonly kit = signal<string | null>(null);
  private readonly recovery = signal<PendingRecovery | null>(null);
  private unlocking: Promise<void> | null = null;

  /** My unlocked private key, or null while locked. */
  readonly key = this.ownKey.asReadonly();
  /** The practice's unlocked key (staff), or null. */
  readonly practiceKey = this.practice.asReadonly();
  /** The recovery secret of a key created just now: shown once, then forgotten. */
  readonly recoverySecret = this.kit.asReadonly();
  /** A password reset left the key under the old password: it must be restored or replaced. */
  readonly recoveryNeeded = computed(() => this.recovery() !== null);
  /** The recovery may go on: the API checked (at login) the password that will protect the key. */
  readonly recoveryPasswordKnown = computed(() => this.recovery()?.password != null);
  /** Whether the stored key has a recovery kit copy (patients). */
  readonly recoveryKitExists = computed(() => this.recovery()?.stored.recoveryPrivateKey != null);

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

  /**
   * Unlocks (or creates, on first use) the keys with the account's password.
   * Rejects with WrongKeyPassword, or KeyRecoveryNeeded after a reset.
   */
  unlock(account: KeyringAccount, password: string, options: UnlockOptions = {}): Promise<void> {
    this.unlocking ??= this.open(account, password, options).finally(() => (this.unlocking = null));
    return this.unlocking;
  }

  /**
   * Right after login the password is still in memory (LoginSecret): unlocks
   * with it, which forgets it. False when it is gone (page reloaded) or
   * wrong: the unlock page then asks for it. Rejects with KeyRecoveryNeeded
   * after a password reset (the recovery page restores or replaces the key).
   */
  async unlockWithLoginSecret(account: KeyringAccount): Promise<boolean> {
    if (this.unlocked) return true;
    const password = this.loginSecret.take();
    if (!password) return false;
    try {
      // The API checked this password at login: after a reset it may protect the restored key.
      await this.unlock(account, password, { passwordVerified: true });
      return true;
    } catch (error) {
      if (error instanceof KeyRecoveryNeeded) throw error;
      return false;
    }
  }


  /** Whether a reset left the key waiting (asks the API when this tab does not know yet, e.g. after a reload). */
  async checkRecovery(): Promise<boolean> {
    if (this.recovery()) return true;
    const stored = await this.storedKey();
    if (!stored?.passwordResetAt) return false;
    this.recovery.set({ stored, password: null });
    return true;
  }

  /**
   * After a reset: opens the old key with the recovery kit (or the old
   * password), protects it with the new password and stores that; the
   * history reads again. Rejects with WrongRecoverySecret or WrongKeyPassword.
   */
  async restore(account: KeyringAccount, via: KeyRestoration, iterations?: number): Promise<void> {
    const { stored, password } = this.pendingRecovery();
    const key = 'recoverySecret' in via ? await this.openWithKit(stored, via.recoverySecret) : await this.openWithPassword(stored, via.oldPassword);
    await firstValueFrom(this.http.put(MESSAGING_ROUTES.myKeyProtection, { protectedPrivateKey: await protectPrivateKey(key, password, iterations) }));
    this.recovery.set(null);
    await this.use(account, key);
  }

  /**
   * After a reset, with neither kit nor old password: a new key pair. Old
   * messages stay readable by the practice, not by this account; patients
   * get a new recovery kit, staff a practice key copy from a colleague.
   */
  async replaceKey(account: KeyringAccount, iterations?: number): Promise<void> {
    const { password } = this.pendingRecovery();
    const { key, registration, recoverySecret } = await this.newKeyPair(account, password, iterations);
    await firstValueFrom(this.http.post(MESSAGING_ROUTES.myKeyReplacement, registration));
    this.recovery.set(null);
    await this.use(account, key);
    if (recoverySecret) this.kit.set(recoverySecret);
  }

  /** The recovery kit was printed or written down: it is not shown again. */
  forgetRecoverySecret(): void {
    this.kit.set(null);
  }

  lock(): void {
    this.ownKey.set(null);
    this.practice.set(null);
    this.kit.set(null);
    this.recovery.set(null);
  }

  private async open(account: KeyringAccount, password: string, options: UnlockOptions): Promise<void> {
    await this.use(account, await this.ownKeyFor(account, password, options));
  }

  /** My key from now on; for staff, the practice key it opens. */
  private async use(account: KeyringAccount, key: UnlockedPrivateKey): Promise<void> {
    this.ownKey.set(key);
    if (isStaff(account)) this.practice.set(await this.practiceKeyFor(account, key));
  }

  private async ownKeyFor(account: KeyringAccount, password: string, options: UnlockOptions): Promise<UnlockedPrivateKey> {
    const existing = await this.storedKey();
    if (existing?.passwordResetAt) {
      // Trying the new password would fail: the key waits for the kit (a password typed on the unlock page is not trusted for that).
      this.recovery.set({ stored: existing, password: options.passwordVerified ? password : null });
      throw new KeyRecoveryNeeded();
    }
    if (existing) return this.openWithPassword(existing, password);
    const { key, registration, recoverySecret } = await this.newKeyPair(account, password, options.iterations);
    await firstValueFrom(this.http.put(MESSAGING_ROUTES.myKey, registration));
    if (recoverySecret) this.kit.set(recoverySecret);
    return key;
  }

  private async storedKey(): Promise<AccountKeyView | null> {
    try {
      return await firstValueFrom(this.http.get<AccountKeyView>(MESSAGING_ROUTES.myKey));
    } catch (error) {
      if (notFound(error)) return null;
      throw error;
    }
  }

  /** A key pair protected by the password; with a recovery kit for patients. */
  private async newKeyPair(account: KeyringAccount, password: string, iterations?: number) {
    const key = await generateKeyPair(account.email);
    const recovery = account.role === 'PATIENT' ? await createRecoveryKit(key) : null;
    const registration = {
      publicKey: key.publicKeyArmored,
      protectedPrivateKey: await protectPrivateKey(key, password, iterations),
      ...(recovery ? { recoveryPrivateKey: recovery.protectedKey } : {}),
    };
    return { key, registration, recoverySecret: recovery?.secret ?? null };
  }

  private pendingRecovery(): { stored: AccountKeyView; password: string } {
    const pending = this.recovery();
    if (!pending?.password) throw new Error('Sign in again before restoring the key.');
    return { stored: pending.stored, password: pending.password };
  }

  private async openWithKit(stored: AccountKeyView, secret: string): Promise<UnlockedPrivateKey> {
    if (!stored.recoveryPrivateKey) throw new WrongRecoverySecret();
    try {
      return await unlockWithRecoveryKit(stored.recoveryPrivateKey, secret);
    } catch {
      throw new WrongRecoverySecret();
    }
  }

  private async openWithPassword(stored: AccountKeyView, password: string): Promise<UnlockedPrivateKey> {
    try {
      return await unlockPrivateKey(stored.protectedPrivateKey, password);
    } catch {
      throw new WrongKeyPassword();
    }
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

import { HttpClient, HttpErrorResponse } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import { AccountKeyView, MESSAGING_ROUTES, ProtectedPrivateKeyDto, Role } from '@passerelle/shared/contracts';
import { firstValueFrom } from 'rxjs';

const ROLES_WITH_KEYS: readonly Role[] = ['PATIENT', 'PRACTITIONER', 'SECRETARY'];

/** The stored key does not open with the current password (it was protected by an older one). */
export class KeyNotOpenedByPassword extends Error {
  constructor() {
    super(
      'Votre clé de messagerie ne s’ouvre pas avec votre mot de passe actuel : votre mot de passe n’a pas été changé. ' +
        'Utilisez « Mot de passe oublié ? » sur la page de connexion, puis votre kit de secours.',
    );
  }
}

/**
 * The messaging private key is protected by the password: on a password
 * change the browser opens it with the current password and protects the
 * same key with the new one; the API stores both in one transaction. The
 * passwords stay in this tab (the derived keys never reach the server).
 */
@Injectable({ providedIn: 'root' })
export class AccountKeyProtection {
  private readonly http = inject(HttpClient);

  /** The key protected by `newPassword`; undefined when there is none to carry over (no key, or one waiting for its recovery kit). */
  async forNewPassword(role: Role, currentPassword: string, newPassword: string): Promise<ProtectedPrivateKeyDto | undefined> {
    if (!ROLES_WITH_KEYS.includes(role)) return undefined;
    let stored: AccountKeyView;
    try {
      stored = await firstValueFrom(this.http.get<AccountKeyView>(MESSAGING_ROUTES.myKey));
    } catch (error) {
      if (error instanceof HttpErrorResponse && error.status === 404) return undefined;
      throw error;
    }
    if (stored.passwordResetAt) return undefined;
    // OpenPGP is loaded here only: most visits of this page never need it.
    const { reprotectPrivateKey } = await import('@passerelle/shared/crypto');
    try {
      return await reprotectPrivateKey(stored.protectedPrivateKey, currentPassword, newPassword);
    } catch {
      throw new KeyNotOpenedByPassword();
    }
  }
}

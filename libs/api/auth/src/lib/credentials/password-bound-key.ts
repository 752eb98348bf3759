import { Injectable } from '@nestjs/common';
import type { Prisma } from '@passerelle/api/database';
import { ValidationFailed } from '@passerelle/api/platform';
import type { ProtectedPrivateKeyDto } from '@passerelle/shared/contracts';

/** The database transaction of a password change or reset, handed to the bound key's repository as is. */
export type CredentialTransaction = Prisma.TransactionClient;

/**
 * A private key the browser protects with a key derived from the password
 * (the messaging key: libs/api/messaging binds it at start-up). The auth
 * module owns the password, the key's module owns the key; both sides are
 * written in the one transaction of the password change or reset, so the
 * server never keeps a new password with the key still under the old one,
 * nor the reverse.
 */
export interface PasswordBoundKey {
  /**
   * Password change: stores `newProtection` (the same key, protected by the
   * new password in the browser), or refuses with a DomainError, which
   * rolls the password change back.
   */
  onPasswordChange(tx: CredentialTransaction, accountId: string, newProtection: ProtectedPrivateKeyDto | undefined): Promise<void>;
  /** Password reset: the stored protection is now under a password nobody will type again. */
  onPasswordReset(tx: CredentialTransaction, accountId: string, at: Date): Promise<void>;
}

/** Where the password-bound key registers; without one, a password change carries no key. */
@Injectable()
export class PasswordBoundKeys {
  private bound: PasswordBoundKey | null = null;

  bind(key: PasswordBoundKey): void {
    if (this.bound && this.bound !== key) throw new Error('A password-bound key is already registered.');
    this.bound = key;
  }

  async onPasswordChange(tx: CredentialTransaction, accountId: string, newProtection: ProtectedPrivateKeyDto | undefined): Promise<void> {
    if (this.bound) return this.bound.onPasswordChange(tx, accountId, newProtection);
    if (newProtection) {
      throw new ValidationFailed('Aucune clé de messagerie n’est à protéger pour ce compte.', { newKeyProtection: ['Clé inattendue.'] });
    }
  }

  async onPasswordReset(tx: CredentialTransaction, accountId: string, at: Date): Promise<void> {
    await this.bound?.onPasswordReset(tx, accountId, at);
  }
}

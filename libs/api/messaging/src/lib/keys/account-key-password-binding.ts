import { Injectable, OnModuleInit } from '@nestjs/common';
import { CredentialTransaction, PasswordBoundKey, PasswordBoundKeys } from '@passerelle/api/auth';
import { ValidationFailed } from '@passerelle/api/platform';
import { API_ERROR_CODES, ProtectedPrivateKeyDto } from '@passerelle/shared/contracts';
import { requireSameKey } from './key-checks';
import { KeyRepository } from './key.repository';

const FIELD = 'newKeyProtection';

/**
 * The account's messaging private key is protected by its password: this
 * binds it to the auth module's password change and reset, whose
 * transaction it writes in (see PasswordBoundKeys).
 */
@Injectable()
export class AccountKeyPasswordBinding implements PasswordBoundKey, OnModuleInit {
  constructor(
    private readonly keys: KeyRepository,
    private readonly boundKeys: PasswordBoundKeys,
  ) {}

  onModuleInit(): void {
    this.boundKeys.bind(this);
  }

  /**
   * With a key, a password change must bring it protected by the new
   * password — unless a reset already left it under an older one (it then
   * waits for the recovery kit either way).
   */
  async onPasswordChange(tx: CredentialTransaction, accountId: string, newProtection: ProtectedPrivateKeyDto | undefined): Promise<void> {
    const key = await this.keys.accountKey(accountId, tx);
    if (!key) {
      if (newProtection) throw new ValidationFailed('Votre messagerie sécurisée n’est pas activée : aucune clé n’est à protéger.', { [FIELD]: ['Clé inattendue.'] });
      return;
    }
    if (!newProtection) {
      if (key.passwordResetAt) return;
      const message = 'Votre clé de messagerie doit être protégée par le nouveau mot de passe : rechargez la page et recommencez.';
      throw new ValidationFailed(message, { [FIELD]: [message] }, API_ERROR_CODES.keyProtectionRequired);
    }
    await requireSameKey(key.fingerprint, newProtection, FIELD);
    await this.keys.protectWithNewPassword(tx, accountId, key.fingerprint, newProtection);
  }

  onPasswordReset(tx: CredentialTransaction, accountId: string, at: Date): Promise<void> {
    return this.keys.markPasswordReset(tx, accountId, at);
  }
}

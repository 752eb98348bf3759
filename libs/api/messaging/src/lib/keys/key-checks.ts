import { ValidationFailed } from '@passerelle/api/platform';
import type { ProtectedPrivateKeyDto } from '@passerelle/shared/contracts';
import { CryptoError, protectedKeyFingerprint, readPublicKeyInfo } from '@passerelle/shared/crypto';

/** Reads a public key the browser sent; 400 with the crypto library's French message when it is not one we accept. */
export async function checkedPublicKey(armored: string) {
  try {
    return await readPublicKeyInfo(armored);
  } catch (error) {
    if (error instanceof CryptoError) throw new ValidationFailed(error.message, { publicKey: [error.message] });
    throw error;
  }
}

/**
 * A protected private key must be the account's key (same fingerprint, read
 * from its public part: the server cannot unlock it) and really be protected.
 */
export async function requireSameKey(fingerprint: string, protectedKey: ProtectedPrivateKeyDto, field: string): Promise<void> {
  let actual: string;
  try {
    actual = await protectedKeyFingerprint(protectedKey);
  } catch (error) {
    if (error instanceof CryptoError) throw new ValidationFailed(error.message, { [field]: [error.message] });
    throw error;
  }
  if (actual !== fingerprint) {
    throw new ValidationFailed('La clé privée ne correspond pas à la clé publique du compte.', { [field]: ['Clé différente.'] });
  }
}

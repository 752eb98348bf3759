import { UnlockedPrivateKey } from './keys';
import { protectPrivateKey, ProtectedPrivateKey, randomBytes, unlockPrivateKey } from './password-protection';

/**
 * Recovery kit: a printable secret of 160 random bits (32 Crockford base32
 * characters in 8 groups, no I/L/O/U to misread) that unlocks a second copy of
 * the private key. After a password reset the browser unlocks that copy with
 * the kit and protects the key again with the new password, so the history
 * can be read again. The secret is high-entropy, so fewer PBKDF2 rounds do.
 */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const RECOVERY_ITERATIONS = 100_000;

export interface RecoveryKit {
  /** To print or write down; shown once, never sent to the server. */
  secret: string;
  /** Stored on the server beside the password-protected key. */
  protectedKey: ProtectedPrivateKey;
}

export async function createRecoveryKit(key: UnlockedPrivateKey): Promise<RecoveryKit> {
  const secret = formatSecret(randomBytes(20));
  return { secret, protectedKey: await protectPrivateKey(key, normaliseRecoverySecret(secret), RECOVERY_ITERATIONS) };
}

export async function unlockWithRecoveryKit(
  protectedKey: ProtectedPrivateKey,
  secret: string,
): Promise<UnlockedPrivateKey> {
  return unlockPrivateKey(protectedKey, normaliseRecoverySecret(secret));
}

/** Accepts what a person types from paper: any case, spaces or dashes, O for 0, I/L for 1. */
export function normaliseRecoverySecret(typed: string): string {
  return typed
    .toUpperCase()
    .replace(/[\s-]/g, '')
    .replace(/O/g, '0')
    .replace(/[IL]/g, '1');
}

function formatSecret(bytes: Uint8Array): string {
  let bits = 0;
  let value = 0;
  let out = '';
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += ALPHABET[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  return (out.match(/.{4}/g) ?? []).join('-');
}

import { createHash, randomInt } from 'node:crypto';
import { generateSecret, generateURI, verify } from 'otplib';

/** RFC 6238 TOTP through otplib: SHA-1, 6 digits, 30 s, ±1 step of clock drift. */
export async function verifyTotp(secret: string, code: string, lastUsedStep: number | null): Promise<{ valid: boolean; step?: number }> {
  try {
    const result = await verify({ secret, token: code, epochTolerance: 30, afterTimeStep: lastUsedStep ?? undefined });
    return result.valid && 'timeStep' in result ? { valid: true, step: result.timeStep } : { valid: false };
  } catch {
    return { valid: false };
  }
}

export function newTotpSecret(): string {
  return generateSecret({ length: 20 });
}

export function totpUri(secret: string, accountLabel: string): string {
  return generateURI({ issuer: 'Passerelle', label: accountLabel, secret });
}

/** Unambiguous alphabet for recovery codes (no 0/o, 1/l/i). */
const RECOVERY_ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';

/** Ten codes like "k7mqz-3hx9p" (~49 bits each), shown once. */
export function newRecoveryCodes(count = 10): string[] {
  const part = () => Array.from({ length: 5 }, () => RECOVERY_ALPHABET[randomInt(RECOVERY_ALPHABET.length)]).join('');
  return Array.from({ length: count }, () => `${part()}-${part()}`);
}

export function hashRecoveryCode(code: string): string {
  return createHash('sha256').update(code.trim().toLowerCase()).digest('hex');
}

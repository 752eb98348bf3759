import * as openpgp from 'openpgp';
import { CryptoError } from './errors';
import { UnlockedPrivateKey } from './keys';

/**
 * Key derivation: PBKDF2-HMAC-SHA-256 through WebCrypto, 600,000 iterations
 * (OWASP's 2023 figure for this function).
 *
 * Why not Argon2: it is not in WebCrypto, so it would need a WebAssembly
 * build shipped to every browser and a 64 MB memory cost that low-end phones
 * of our elderly chronic patients handle badly; PBKDF2 is native in every
 * browser and in Node (same code, same result), audited, and its cost is a
 * stored parameter we can raise later: the iteration count travels with the
 * protected key, so an old envelope still opens after the default changes.
 * The derived key — never the password — becomes the OpenPGP passphrase of
 * the private key, so the stored key stays a standard OpenPGP encrypted key.
 */
export const PBKDF2_ITERATIONS = 600_000;
const SALT_BYTES = 16;

export interface ProtectedPrivateKey {
  version: 1;
  kdf: 'PBKDF2-SHA256';
  iterations: number;
  /** base64 */
  salt: string;
  /** OpenPGP private key, encrypted with the derived passphrase. */
  armoredKey: string;
}

export async function protectPrivateKey(
  key: UnlockedPrivateKey,
  secret: string,
  iterations = PBKDF2_ITERATIONS,
): Promise<ProtectedPrivateKey> {
  const salt = randomBytes(SALT_BYTES);
  const passphrase = await derivePassphrase(secret, salt, iterations);
  const locked = await openpgp.encryptKey({ privateKey: key.key, passphrase });
  return { version: 1, kdf: 'PBKDF2-SHA256', iterations, salt: toBase64(salt), armoredKey: locked.armor() };
}

export async function unlockPrivateKey(
  protectedKey: ProtectedPrivateKey,
  secret: string,
): Promise<UnlockedPrivateKey> {
  const passphrase = await derivePassphrase(secret, fromBase64(protectedKey.salt), protectedKey.iterations);
  let locked: openpgp.PrivateKey;
  try {
    locked = await openpgp.readPrivateKey({ armoredKey: protectedKey.armoredKey });
  } catch {
    throw new CryptoError('INVALID_PRIVATE_KEY', "La clé privée enregistrée n'est pas lisible.");
  }
  try {
    return new UnlockedPrivateKey(await openpgp.decryptKey({ privateKey: locked, passphrase }));
  } catch {
    throw new CryptoError('WRONG_SECRET', 'Mot de passe ou code de récupération incorrect.');
  }
}

/** On a password change: the same key pair, protected by the new password only. */
export async function reprotectPrivateKey(
  protectedKey: ProtectedPrivateKey,
  oldSecret: string,
  newSecret: string,
  iterations = PBKDF2_ITERATIONS,
): Promise<ProtectedPrivateKey> {
  return protectPrivateKey(await unlockPrivateKey(protectedKey, oldSecret), newSecret, iterations);
}

async function derivePassphrase(secret: string, salt: Uint8Array<ArrayBuffer>, iterations: number): Promise<string> {
  if (!Number.isInteger(iterations) || iterations < 1) {
    throw new CryptoError('INVALID_PRIVATE_KEY', 'Paramètres de dérivation invalides.');
  }
  const subtle = globalThis.crypto.subtle;
  const material = await subtle.importKey('raw', new TextEncoder().encode(secret.normalize('NFC')), 'PBKDF2', false, [
    'deriveBits',
  ]);
  const bits = await subtle.deriveBits({ name: 'PBKDF2', hash: 'SHA-256', salt, iterations }, material, 256);
  return toBase64(new Uint8Array(bits));
}

export function randomBytes(length: number): Uint8Array<ArrayBuffer> {
  return globalThis.crypto.getRandomValues(new Uint8Array(length));
}

export function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary);
}

export function fromBase64(text: string): Uint8Array<ArrayBuffer> {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/**
 * Fingerprint of a protected private key, read from its public part without
 * unlocking it: the server checks that a re-protected key is the same key.
 */
export async function protectedKeyFingerprint(protectedKey: ProtectedPrivateKey): Promise<string> {
  try {
    const locked = await openpgp.readPrivateKey({ armoredKey: protectedKey.armoredKey });
    if (locked.isDecrypted()) throw new Error('unprotected');
    return locked.getFingerprint();
  } catch {
    throw new CryptoError('INVALID_PRIVATE_KEY', "La clé privée doit être envoyée chiffrée, au format OpenPGP.");
  }
}

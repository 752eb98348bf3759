import * as openpgp from 'openpgp';
import { CryptoError } from './errors';

/**
 * Curve25519 in its RFC 4880bis ("legacy") encoding: EdDSA for signatures and
 * ECDH cv25519 for encryption. It is what GnuPG 2.2/2.4 (Debian) reads, which
 * the interoperability requirement needs; RFC 9580's X25519/Ed25519 packets
 * are not understood by GnuPG before 2.5.
 */
const KEY_OPTIONS = { type: 'ecc', curve: 'curve25519Legacy' } as const;

/**
 * A private key ready to decrypt and sign. Opaque outside this library: the
 * rest of the code base never touches OpenPGP objects.
 */
export class UnlockedPrivateKey {
  /** @internal */
  constructor(readonly key: openpgp.PrivateKey) {}

  get fingerprint(): string {
    return this.key.getFingerprint();
  }

  get publicKeyArmored(): string {
    return this.key.toPublic().armor();
  }
}

export interface PublicKeyInfo {
  /** 16 hex digits, lower case, of the primary key. */
  keyId: string;
  fingerprint: string;
  /** Key IDs a message encrypted to this key names as its recipient. */
  encryptionKeyIds: string[];
}

/** Generates an account (or practice) key pair; `label` names it in the user ID. */
export async function generateKeyPair(label: string): Promise<UnlockedPrivateKey> {
  const { privateKey } = await openpgp.generateKey({
    ...KEY_OPTIONS,
    userIDs: [{ name: label }],
    format: 'object',
  });
  return new UnlockedPrivateKey(privateKey);
}

/**
 * Reads and checks a public key the way the server does before storing it: an
 * armored public (never private) curve25519 key that can encrypt.
 */
export async function readPublicKeyInfo(armored: string): Promise<PublicKeyInfo> {
  const key = await readPublicKey(armored);
  return describe(key);
}

/**
 * Parsed and checked public keys, by armored text: a conversation encrypts to
 * the same three keys again and again, and parsing (self-signature checks)
 * costs more than the encryption itself. Keys are immutable values.
 */
const parsedKeys = new Map<string, Promise<openpgp.PublicKey>>();
const PARSED_KEYS_MAX = 500;

export function readPublicKey(armored: string): Promise<openpgp.PublicKey> {
  let parsed = parsedKeys.get(armored);
  if (!parsed) {
    parsed = parsePublicKey(armored);
    parsed.catch(() => parsedKeys.delete(armored));
    if (parsedKeys.size >= PARSED_KEYS_MAX) parsedKeys.delete(parsedKeys.keys().next().value as string);
    parsedKeys.set(armored, parsed);
  }
  return parsed;
}

async function parsePublicKey(armored: string): Promise<openpgp.PublicKey> {
  let key: openpgp.Key;
  try {
    key = await openpgp.readKey({ armoredKey: armored });
  } catch {
    throw new CryptoError('INVALID_PUBLIC_KEY', "La clé publique n'est pas une clé OpenPGP lisible.");
  }
  if (key.isPrivate()) {
    throw new CryptoError('INVALID_PUBLIC_KEY', 'Une clé privée a été envoyée au lieu de la clé publique.');
  }
  const info = key.getAlgorithmInfo();
  if (info.algorithm !== 'eddsaLegacy' && info.algorithm !== 'ed25519') {
    throw new CryptoError('INVALID_PUBLIC_KEY', 'La clé publique doit être une clé curve25519.');
  }
  try {
    await key.getEncryptionKey();
  } catch {
    throw new CryptoError('INVALID_PUBLIC_KEY', 'La clé publique ne permet pas de chiffrer.');
  }
  return key as openpgp.PublicKey;
}

export async function describe(key: openpgp.Key): Promise<PublicKeyInfo> {
  const encryptionKeyIds: string[] = [];
  for (const candidate of [key, ...key.getSubkeys()]) {
    const id = candidate.getKeyID();
    try {
      await key.getEncryptionKey(id);
      encryptionKeyIds.push(id.toHex());
    } catch {
      // Not an encryption key (the signing primary key): not a recipient.
    }
  }
  return { keyId: key.getKeyID().toHex(), fingerprint: key.getFingerprint(), encryptionKeyIds };
}

/** Serialises an unlocked private key; only used to wrap it (practice key copies). */
export function exportUnlockedBinary(key: UnlockedPrivateKey): Uint8Array {
  return key.key.write();
}

export async function importUnlockedBinary(binary: Uint8Array): Promise<UnlockedPrivateKey> {
  try {
    const key = await openpgp.readPrivateKey({ binaryKey: binary });
    if (!key.isDecrypted()) throw new Error('locked');
    return new UnlockedPrivateKey(key);
  } catch {
    throw new CryptoError('INVALID_PRIVATE_KEY', "La clé privée reçue n'est pas lisible.");
  }
}

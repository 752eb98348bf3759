import { exportUnlockedBinary, importUnlockedBinary, UnlockedPrivateKey } from './keys';
import { decryptFile, encryptFile } from './messages';
import { CryptoError } from './errors';

/**
 * The practice key keeps a practice's threads readable for the 20-year
 * retention whatever the staff changes: its private key is never stored in
 * the clear, only as one OpenPGP message per member, encrypted to that
 * member's key and signed by the member who shared it.
 */
export interface PracticeKeyCopy {
  /** Public key of the member the copy is for (to match the server's list). */
  memberPublicKey: string;
  /** Binary OpenPGP message holding the practice private key. */
  encryptedPrivateKey: Uint8Array;
}

export async function sharePracticeKey(
  practiceKey: UnlockedPrivateKey,
  memberPublicKeys: string[],
  sharedBy: UnlockedPrivateKey,
): Promise<PracticeKeyCopy[]> {
  const binary = exportUnlockedBinary(practiceKey);
  return Promise.all(
    memberPublicKeys.map(async (memberPublicKey) => ({
      memberPublicKey,
      encryptedPrivateKey: await encryptFile(binary, { recipients: [memberPublicKey], signingKey: sharedBy }),
    })),
  );
}

/**
 * Opens the member's copy. `trustedSharers` are the public keys of members
 * allowed to share the key; a copy not signed by one of them is refused, so a
 * server cannot slip in a practice key of its own.
 */
export async function openPracticeKey(
  encryptedPrivateKey: Uint8Array,
  member: UnlockedPrivateKey,
  trustedSharers: string[],
): Promise<UnlockedPrivateKey> {
  const opened = await decryptFile(encryptedPrivateKey, { decryptionKey: member, senders: trustedSharers });
  if (opened.signature !== 'valid') {
    throw new CryptoError('INVALID_PRIVATE_KEY', "La clé du cabinet n'a pas été partagée par un membre du cabinet.");
  }
  return importUnlockedBinary(opened.data);
}

import * as openpgp from 'openpgp';
import { CryptoError } from './errors';
import { readPublicKey, describe } from './keys';

const WILDCARD_KEY_ID = '0000000000000000';

export interface EncryptedMessageHeader {
  /** Key IDs named by the public-key encrypted session key packets. */
  recipientKeyIds: string[];
}

/**
 * Reads the recipients of an OpenPGP message without decrypting it — what the
 * server checks before accepting a message or an attachment. Refuses anything
 * that is not "session keys for named public keys, then encrypted data":
 * plaintext, signed-only, password-encrypted (a passphrase would let anyone
 * read it), anonymous recipients, garbage.
 *
 * Given a stream, only the first packets are read, so the server can check a
 * 50 MB upload from its first bytes.
 */
export async function readRecipients(
  input: string | Uint8Array | ReadableStream<Uint8Array>,
): Promise<EncryptedMessageHeader> {
  let message: openpgp.Message<Uint8Array | ReadableStream<Uint8Array>>;
  try {
    if (typeof input === 'string') {
      // What readMessage({ armoredMessage }) does, in two steps: measured 0.06 ms instead of 0.10 ms
      // for a 2 KB message (the server reads every message sent).
      const { type, data } = await openpgp.unarmor(input);
      if (type !== openpgp.enums.armor.message) throw notEncrypted();
      message = await openpgp.readMessage({ binaryMessage: data as Uint8Array });
    } else {
      message = await openpgp.readMessage({ binaryMessage: input as Uint8Array });
    }
  } catch {
    throw notEncrypted();
  }
  const tags = Array.from(message.packets, (packet) => (packet.constructor as unknown as { tag: number }).tag);
  const sessionKeyPackets = tags.filter((tag) => tag === openpgp.enums.packet.publicKeyEncryptedSessionKey).length;
  const dataTags: number[] = [
    openpgp.enums.packet.symEncryptedIntegrityProtectedData,
    openpgp.enums.packet.aeadEncryptedData,
  ];
  const wellFormed =
    sessionKeyPackets > 0 &&
    tags.length === sessionKeyPackets + 1 &&
    dataTags.includes(tags[tags.length - 1]);
  if (!wellFormed) throw notEncrypted();
  const recipientKeyIds = message.getEncryptionKeyIDs().map((id) => id.toHex());
  if (recipientKeyIds.includes(WILDCARD_KEY_ID)) throw notEncrypted();
  return { recipientKeyIds };
}

/**
 * True when the message is encrypted to each required key and to nobody else.
 * `requiredPublicKeys` are armored; a key may have several encryption subkeys,
 * any one of which counts for it.
 */
export async function isEncryptedToExactly(
  header: EncryptedMessageHeader,
  requiredPublicKeys: string[],
): Promise<boolean> {
  const keys = await Promise.all(requiredPublicKeys.map(async (armored) => describe(await readPublicKey(armored))));
  return namesExactly(header, keys.map((key) => key.encryptionKeyIds));
}

/**
 * The same check from the encryption key IDs the server stored when each key
 * was registered (PublicKeyInfo.encryptionKeyIds), without parsing keys again.
 */
export function namesExactly(header: EncryptedMessageHeader, requiredKeyIds: string[][]): boolean {
  const recipients = new Set(header.recipientKeyIds);
  const everyKeyNamed = requiredKeyIds.every((ids) => ids.some((id) => recipients.has(id)));
  const allowed = new Set(requiredKeyIds.flat());
  const nobodyElse = header.recipientKeyIds.every((id) => allowed.has(id));
  return everyKeyNamed && nobodyElse;
}

function notEncrypted(): CryptoError {
  return new CryptoError(
    'NOT_AN_ENCRYPTED_MESSAGE',
    "Le contenu n'est pas un message OpenPGP chiffré pour des destinataires nommés.",
  );
}

import * as openpgp from 'openpgp';
import { CryptoError } from './errors';
import { readPublicKey, UnlockedPrivateKey } from './keys';

export type SignatureStatus =
  /** Signed by one of the expected senders, signature checks. */
  | 'valid'
  /** A signature is there but does not check, or its signer is not an expected sender. */
  | 'invalid'
  /** No signature at all. */
  | 'unsigned';

export interface DecryptedMessage<T> {
  data: T;
  signature: SignatureStatus;
  /** Key ID of the signing key when it is known and valid. */
  signerKeyId?: string;
}

export interface EncryptOptions {
  /** Armored public keys of every recipient (patient, practitioner, practice). */
  recipients: string[];
  /**
   * The sender's key, to sign. `null` only for a sender who has no key pair
   * (a SAS regulator sending a file to a practice): the message is then
   * unsigned and its reader sees the status 'unsigned'. Required, so that
   * leaving a message unsigned is always a stated choice.
   */
  signingKey: UnlockedPrivateKey | null;
}

/** Encrypts and signs a message body; the result is an armored OpenPGP message. */
export async function encryptText(text: string, options: EncryptOptions): Promise<string> {
  return openpgp.encrypt({
    message: await openpgp.createMessage({ text }),
    ...(await keysOf(options)),
    format: 'armored',
  });
}

/** Encrypts (and signs, given a signing key) a file; the result is a binary OpenPGP message (no base64 overhead). */
export async function encryptFile(content: Uint8Array, options: EncryptOptions): Promise<Uint8Array> {
  return openpgp.encrypt({
    message: await openpgp.createMessage({ binary: content, format: 'binary' }),
    ...(await keysOf(options)),
    format: 'binary',
  });
}

export interface DecryptOptions {
  decryptionKey: UnlockedPrivateKey;
  /** Armored public keys of the people who may have signed it. */
  senders: string[];
}

export async function decryptText(armored: string, options: DecryptOptions): Promise<DecryptedMessage<string>> {
  const message = await parse(() => openpgp.readMessage({ armoredMessage: armored }));
  return decrypt(message, options, 'utf8') as Promise<DecryptedMessage<string>>;
}

export async function decryptFile(
  binary: Uint8Array,
  options: DecryptOptions,
): Promise<DecryptedMessage<Uint8Array>> {
  const message = await parse(() => openpgp.readMessage({ binaryMessage: binary }));
  return decrypt(message, options, 'binary') as Promise<DecryptedMessage<Uint8Array>>;
}

async function decrypt(
  message: openpgp.Message<string | Uint8Array>,
  options: DecryptOptions,
  format: 'utf8' | 'binary',
): Promise<DecryptedMessage<string | Uint8Array>> {
  const verificationKeys = await Promise.all(options.senders.map(readPublicKey));
  let result: Awaited<ReturnType<typeof openpgp.decrypt>>;
  try {
    result = await openpgp.decrypt({
      message,
      decryptionKeys: options.decryptionKey.key,
      verificationKeys,
      format,
      expectSigned: false,
    });
  } catch {
    throw new CryptoError('NOT_A_RECIPIENT', 'Ce message ne peut pas être déchiffré avec votre clé.');
  }
  return { data: result.data as string | Uint8Array, ...(await signatureOf(result.signatures)) };
}

/**
 * A bad or unknown signature is a status the UI shows as a warning, never an
 * exception: the message stays readable and the reader is told.
 */
async function signatureOf(
  signatures: Awaited<ReturnType<typeof openpgp.decrypt>>["signatures"],
): Promise<Pick<DecryptedMessage<unknown>, 'signature' | 'signerKeyId'>> {
  if (signatures.length === 0) return { signature: 'unsigned' };
  for (const signature of signatures) {
    try {
      await signature.verified;
      return { signature: 'valid', signerKeyId: signature.keyID.toHex() };
    } catch {
      // Try the next one; any checking signature by an expected sender suffices.
    }
  }
  return { signature: 'invalid' };
}

async function keysOf(options: EncryptOptions) {
  if (options.recipients.length === 0) {
    throw new CryptoError('INVALID_PUBLIC_KEY', 'Aucun destinataire.');
  }
  return {
    encryptionKeys: await Promise.all(options.recipients.map(readPublicKey)),
    ...(options.signingKey ? { signingKeys: options.signingKey.key } : {}),
  };
}

async function parse<T>(read: () => Promise<T>): Promise<T> {
  try {
    return await read();
  } catch {
    throw new CryptoError('NOT_AN_ENCRYPTED_MESSAGE', "Le contenu n'est pas un message OpenPGP lisible.");
  }
}

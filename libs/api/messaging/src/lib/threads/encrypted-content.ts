import { CryptoError, namesExactly, readRecipients } from '@passerelle/shared/crypto';
import { InvalidEncryptedContent } from '../messaging-errors';

const NOT_OPENPGP = "Le contenu doit être un message chiffré OpenPGP pour le patient, le praticien et le cabinet : il a été refusé.";
const WRONG_RECIPIENTS = "Le contenu n'est pas chiffré exactement pour le patient, le praticien et le cabinet : il a été refusé.";

/**
 * The server's end-to-end guarantee: it reads the recipient key IDs of the
 * OpenPGP message (never its content) and refuses anything not encrypted to
 * exactly the required keys — plaintext, garbage, a missing recipient, an
 * extra one, a passphrase.
 */
export async function requireEncryptedTo(content: string | Uint8Array, requiredKeyIds: string[][]): Promise<void> {
  let recipients;
  try {
    // Binary content may be only the head of a large file: read it as a stream.
    recipients = await readRecipients(typeof content === 'string' ? content : streamOf(content));
  } catch (error) {
    if (error instanceof CryptoError) throw new InvalidEncryptedContent(NOT_OPENPGP);
    throw error;
  }
  if (!namesExactly(recipients, requiredKeyIds)) throw new InvalidEncryptedContent(WRONG_RECIPIENTS);
}

function streamOf(bytes: Uint8Array): ReadableStream<Uint8Array> {
  return new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(bytes);
      controller.close();
    },
  });
}

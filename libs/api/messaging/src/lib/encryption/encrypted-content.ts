import { Transform, TransformCallback } from 'node:stream';
import { CryptoError, namesExactly, readRecipients } from '@passerelle/shared/crypto';
import { InvalidEncryptedContent } from '../messaging-errors';

/**
 * The server's end-to-end guarantee, for messaging and for every other
 * context that stores ciphertext for someone (SAS attachments): it reads the
 * recipient key IDs of the OpenPGP message (never its content) and refuses
 * anything not encrypted to exactly the required keys — plaintext, garbage, a
 * missing recipient, an extra one, a passphrase.
 *
 * `recipients` names them for the refusal, in French ("le patient, le
 * praticien et le cabinet"); `field` is the request field the error points at.
 */
export async function requireEncryptedTo(content: string | Uint8Array, requiredKeyIds: string[][], recipients: string, field = 'body'): Promise<void> {
  let header;
  try {
    // Binary content may be only the head of a large file: read it as a stream.
    header = await readRecipients(typeof content === 'string' ? content : streamOf(content));
  } catch (error) {
    if (error instanceof CryptoError) throw new InvalidEncryptedContent(`Le contenu doit être un message chiffré OpenPGP pour ${recipients} : il a été refusé.`, field);
    throw error;
  }
  if (!namesExactly(header, requiredKeyIds)) throw new InvalidEncryptedContent(`Le contenu n'est pas chiffré exactement pour ${recipients} : il a été refusé.`, field);
}

/** The OpenPGP header (session keys) is in the first bytes; 64 KiB holds it many times over. */
export const OPENPGP_HEADER_BYTES = 64 * 1024;

/**
 * Passes an upload through unchanged and keeps its first 64 KiB, so that
 * once it is on disk its recipients are checked (requireEncryptedTo) without
 * reading the file again or holding it in memory.
 */
export class OpenPgpHeaderTap extends Transform {
  private readonly chunks: Buffer[] = [];
  private kept = 0;

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    if (this.kept < OPENPGP_HEADER_BYTES) {
      const part = chunk.subarray(0, OPENPGP_HEADER_BYTES - this.kept);
      this.chunks.push(part);
      this.kept += part.length;
    }
    done(null, chunk);
  }

  header(): Uint8Array {
    return new Uint8Array(Buffer.concat(this.chunks));
  }
}

function streamOf(bytes: Uint8Array): ReadableStream<Uint8Array> {
  return new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(bytes);
      controller.close();
    },
  });
}

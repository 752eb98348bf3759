import { createHash, randomBytes } from 'node:crypto';
import { createWriteStream, WriteStream } from 'node:fs';
import { rename, unlink } from 'node:fs/promises';
import type { IncomingMessage } from 'node:http';
import { join } from 'node:path';
import { Transform, TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { OpenPgpHeaderTap } from '@passerelle/api/messaging';
import { DomainError, ValidationFailed } from '@passerelle/api/platform';
import { API_ERROR_CODES, AttachmentMediaType, attachmentTypeMatchesName, SAS_ATTACHMENT_MAX_ENCRYPTED_BYTES } from '@passerelle/shared/contracts';

/*
 * busboy (the streaming multipart parser under @nestjs/platform-express's
 * multer) ships no types and @types/busboy is not installed: the few members
 * used here are typed below. Multer itself is not used because it decides
 * the file's fate after writing it whole; here the upload is stopped as soon
 * as it passes the size limit.
 */
interface BusboyFileInfo {
  filename: string;
  mimeType: string;
}
interface Busboy extends NodeJS.WritableStream {
  on(event: 'file', listener: (name: string, stream: NodeJS.ReadableStream & { truncated?: boolean }, info: BusboyFileInfo) => void): this;
  on(event: 'field' | 'finish' | 'close' | 'partsLimit' | 'filesLimit' | 'fieldsLimit', listener: (...args: unknown[]) => void): this;
  on(event: 'error', listener: (error: unknown) => void): this;
}
const busboy: (config: { headers: IncomingMessage['headers']; limits: Record<string, number>; defParamCharset?: string }) => Busboy = require('busboy');

export class AttachmentTooLarge extends DomainError {
  readonly status = 413;
  constructor() {
    super(API_ERROR_CODES.payloadTooLarge, 'Pièce jointe trop volumineuse : chaque fichier doit faire moins de 50 Mo.', { file: ['Fichier de 50 Mo ou plus.'] });
  }
}

/** A file received whole, still named `.part` until accepted; `header` is its first bytes (the OpenPGP session keys). */
export interface ReceivedFile {
  storedName: string;
  fileName: string;
  sizeBytes: number;
  sha256: string;
  header: Uint8Array;
}

/** Counts and hashes the bytes as they stream through. */
class CountedStream extends Transform {
  readonly hash = createHash('sha256');
  size = 0;

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    this.size += chunk.length;
    this.hash.update(chunk);
    done(null, chunk);
  }
}

/**
 * Receives ONE encrypted file from a multipart/form-data request (field
 * "file"), streamed to `directory` under a random name — never held whole in
 * memory — and stopped as soon as it passes the size limit (50 MB of content
 * plus OpenPGP's overhead). Its name must agree with the type the browser
 * declared (it checked the content before encrypting). The caller checks the
 * OpenPGP header and accepts the file (`accept`) or removes it; a refused
 * upload leaves nothing on disk.
 */
export async function receiveAttachment(request: IncomingMessage, directory: string, mediaType: AttachmentMediaType): Promise<ReceivedFile> {
  if (!/^multipart\/form-data/i.test(request.headers['content-type'] ?? '')) {
    throw new ValidationFailed('Envoyez le fichier en multipart/form-data, dans le champ « file ».', { file: ['Fichier requis.'] });
  }
  const declared = Number(request.headers['content-length'] ?? 0);
  if (declared > SAS_ATTACHMENT_MAX_ENCRYPTED_BYTES + 64 * 1024) {
    request.resume();
    throw new AttachmentTooLarge();
  }
  const storedName = randomBytes(24).toString('base64url');
  const partPath = join(directory, `${storedName}.part`);
  let sink: WriteStream | null = null;
  const parser = busboy({ headers: request.headers, limits: { files: 1, fileSize: SAS_ATTACHMENT_MAX_ENCRYPTED_BYTES, fields: 0, parts: 1 }, defParamCharset: 'utf8' });
  try {
    return await new Promise<ReceivedFile>((resolve, reject) => {
      let fileSeen = false;
      parser.on('file', (field, stream, info) => {
        if (field !== 'file' || fileSeen) {
          stream.resume();
          reject(new ValidationFailed('Le fichier doit être envoyé dans le champ « file ».', { file: ['Fichier requis.'] }));
          return;
        }
        fileSeen = true;
        const fileName = info.filename.replace(/[\\/\0]/g, '_').slice(0, 200);
        if (!attachmentTypeMatchesName(mediaType, fileName)) {
          stream.resume();
          const message = `Le nom « ${fileName} » ne correspond pas au type déclaré : la pièce jointe doit être de l’un des formats suivants : .pdf, .jpg, .jpeg, .png.`;
          reject(new ValidationFailed(message, { file: [message] }));
          return;
        }
        const tap = new OpenPgpHeaderTap();
        const counted = new CountedStream();
        let tooLarge = false;
        stream.on('limit', () => {
          tooLarge = true;
          counted.destroy(new AttachmentTooLarge());
        });
        sink = createWriteStream(partPath, { flags: 'wx', mode: 0o600 });
        pipeline(stream, tap, counted, sink)
          .then(() => {
            if (tooLarge || stream.truncated) throw new AttachmentTooLarge();
            if (counted.size === 0) throw new ValidationFailed('Le fichier est vide.', { file: ['Fichier vide.'] });
            resolve({ storedName, fileName, sizeBytes: counted.size, sha256: counted.hash.digest('hex'), header: tap.header() });
          })
          .catch((error: unknown) => {
            // The rest of the request is read and dropped so the answer can be sent.
            stream.resume();
            reject(error);
          });
      });
      parser.on('error', () => reject(new ValidationFailed('Envoi de fichier illisible (multipart invalide).', { file: ['Envoi invalide.'] })));
      parser.on('close', () => {
        if (!fileSeen) reject(new ValidationFailed('Aucun fichier reçu : choisissez un fichier.', { file: ['Fichier requis.'] }));
      });
      request.pipe(parser);
    });
  } catch (error) {
    request.unpipe(parser);
    request.resume();
    if (sink) await removePartial(sink, partPath);
    throw error;
  }
}

/** The checked file takes its final name. */
export async function acceptAttachment(directory: string, file: ReceivedFile): Promise<void> {
  await rename(join(directory, `${file.storedName}.part`), join(directory, file.storedName));
}

export async function refuseAttachment(directory: string, file: ReceivedFile): Promise<void> {
  await unlink(join(directory, `${file.storedName}.part`)).catch(() => undefined);
}

/** A refused file may still be opening: wait until it is closed, or the unlink would run first and leave it behind. */
async function removePartial(file: WriteStream, path: string): Promise<void> {
  if (!file.closed) {
    const closed = new Promise<void>((resolve) => file.once('close', () => resolve()));
    file.destroy();
    await closed;
  }
  await unlink(path).catch(() => undefined);
}

import { createHash, randomBytes } from 'node:crypto';
import { createWriteStream, WriteStream } from 'node:fs';
import { rename, unlink } from 'node:fs/promises';
import type { IncomingMessage } from 'node:http';
import { join } from 'node:path';
import { Transform, TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { DomainError, ValidationFailed } from '@passerelle/api/platform';
import { API_ERROR_CODES, SAS_ATTACHMENT_MAX_BYTES } from '@passerelle/shared/contracts';
import { AttachmentMediaType, attachmentTypeProblem, sniffMediaType, SNIFF_BYTES } from './attachment-type';

/*
 * busboy (the streaming multipart parser under @nestjs/platform-express's
 * multer) ships no types and @types/busboy is not installed: the few members
 * used here are typed below. Multer itself is not used because it decides
 * the file's fate after writing it whole; here the content is checked on the
 * first bytes and the upload stopped at once.
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

/** A file received whole and checked; still named `.part` until accepted. */
export interface ReceivedFile {
  storedName: string;
  fileName: string;
  mediaType: AttachmentMediaType;
  sizeBytes: number;
  sha256: string;
}

/** Counts, hashes and checks the first bytes as they stream through; fails the pipeline on a wrong type. */
class CheckedStream extends Transform {
  readonly hash = createHash('sha256');
  size = 0;
  mediaType: AttachmentMediaType | null = null;
  private head = Buffer.alloc(0);

  constructor(private readonly fileName: string) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    if (this.mediaType === null && this.head.length < SNIFF_BYTES) {
      this.head = Buffer.concat([this.head, chunk.subarray(0, SNIFF_BYTES - this.head.length)]);
      if (this.head.length >= SNIFF_BYTES && !this.decide()) return;
    }
    this.size += chunk.length;
    this.hash.update(chunk);
    done(null, chunk);
  }

  override _flush(done: TransformCallback): void {
    if (this.mediaType === null && !this.decide()) return;
    done();
  }

  private decide(): boolean {
    const problem = attachmentTypeProblem(this.fileName, this.head);
    if (problem) {
      this.destroy(new ValidationFailed(problem, { file: [problem] }));
      return false;
    }
    this.mediaType = sniffMediaType(this.head);
    return true;
  }
}

/**
 * Receives ONE file from a multipart/form-data request (field "file"),
 * streamed to DATA_DIR under a random name — never held whole in memory —
 * refused as soon as its first bytes show a type other than its name's, or
 * its size reaches 50 MB; a refused file leaves nothing on disk.
 */
export async function receiveAttachment(request: IncomingMessage, directory: string): Promise<ReceivedFile> {
  if (!/^multipart\/form-data/i.test(request.headers['content-type'] ?? '')) {
    throw new ValidationFailed('Envoyez le fichier en multipart/form-data, dans le champ « file ».', { file: ['Fichier requis.'] });
  }
  const declared = Number(request.headers['content-length'] ?? 0);
  if (declared > SAS_ATTACHMENT_MAX_BYTES + 64 * 1024) {
    request.resume();
    throw new AttachmentTooLarge();
  }
  const storedName = randomBytes(24).toString('base64url');
  const partPath = join(directory, `${storedName}.part`);
  let sink: WriteStream | null = null;
  const parser = busboy({ headers: request.headers, limits: { files: 1, fileSize: SAS_ATTACHMENT_MAX_BYTES - 1, fields: 0, parts: 1 }, defParamCharset: 'utf8' });
  try {
    const received = await new Promise<ReceivedFile>((resolve, reject) => {
      let fileSeen = false;
      parser.on('file', (field, stream, info) => {
        if (field !== 'file' || fileSeen) {
          stream.resume();
          reject(new ValidationFailed('Le fichier doit être envoyé dans le champ « file ».', { file: ['Fichier requis.'] }));
          return;
        }
        fileSeen = true;
        const fileName = info.filename.replace(/[\\/\0]/g, '_').slice(0, 200);
        const checked = new CheckedStream(fileName);
        let tooLarge = false;
        stream.on('limit', () => {
          tooLarge = true;
          checked.destroy(new AttachmentTooLarge());
        });
        sink = createWriteStream(partPath, { flags: 'wx', mode: 0o600 });
        pipeline(stream, checked, sink)
          .then(() => {
            if (tooLarge || stream.truncated) throw new AttachmentTooLarge();
            if (checked.size === 0 || !checked.mediaType) throw new ValidationFailed('Le fichier est vide.', { file: ['Fichier vide.'] });
            resolve({ storedName, fileName, mediaType: checked.mediaType, sizeBytes: checked.size, sha256: checked.hash.digest('hex') });
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
    await rename(partPath, join(directory, storedName));
    return received;
  } catch (error) {
    request.unpipe(parser);
    request.resume();
    if (sink) {
      // A refused file may still be opening: wait until the file is closed, or the unlink would run first and leave it behind.
      const file: WriteStream = sink;
      if (!file.closed) {
        const closed = new Promise<void>((resolve) => file.once('close', () => resolve()));
        file.destroy();
        await closed;
      }
      await unlink(partPath).catch(() => undefined);
    }
    throw error;
  }
}

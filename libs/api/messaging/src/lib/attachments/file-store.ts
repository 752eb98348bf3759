import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, rm, stat } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';

/**
 * Where encrypted attachments live, outside the database. A small port so
 * object storage can be plugged in later: provide another implementation
 * for FILE_STORE. Several instances share files through a directory they
 * all mount (FILE_STORE_DIR, e.g. NFS): names are random, files are written
 * once and never modified, so no locking is needed.
 */
export interface FileStore {
  /**
   * Writes the stream under a new random key. Stops and removes the partial
   * file when more than `maxBytes` arrive (rejects with FileTooLarge).
   */
  put(content: Readable, maxBytes: number): Promise<{ key: string; size: number }>;
  open(key: string): Promise<Readable>;
  remove(key: string): Promise<void>;
}

export const FILE_STORE = Symbol('FILE_STORE');

export class FileTooLarge extends Error {
  constructor() {
    super('file too large');
  }
}

/** A directory (FILE_STORE_DIR/messaging, else DATA_DIR/files/messaging), random 192-bit names, no extension, no original name. */
export class LocalFileStore implements FileStore {
  constructor(private readonly directory: string) {}

  async put(content: Readable, maxBytes: number): Promise<{ key: string; size: number }> {
    await mkdir(this.directory, { recursive: true, mode: 0o700 });
    const key = randomBytes(24).toString('hex');
    const path = this.pathOf(key);
    let size = 0;
    const counter = new Transform({
      transform(chunk: Buffer, _encoding, callback) {
        size += chunk.length;
        callback(size > maxBytes ? new FileTooLarge() : null, chunk);
      },
    });
    const sink = createWriteStream(path, { flags: 'wx', mode: 0o600 });
    try {
      await pipeline(content, counter, sink);
    } catch (error) {
      // A refused file may still be opening: once it is closed, nothing can recreate it after the removal.
      if (!sink.closed) {
        const closed = new Promise<void>((resolve) => sink.once('close', () => resolve()));
        sink.destroy();
        await closed;
      }
      await rm(path, { force: true });
      throw error;
    }
    return { key, size };
  }

  async open(key: string): Promise<Readable> {
    const path = this.pathOf(key);
    await stat(path);
    return createReadStream(path);
  }

  async remove(key: string): Promise<void> {
    await rm(this.pathOf(key), { force: true });
  }

  private pathOf(key: string): string {
    if (!/^[0-9a-f]{48}$/.test(key)) throw new Error('invalid storage key');
    return join(this.directory, key);
  }
}

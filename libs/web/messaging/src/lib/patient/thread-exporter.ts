import { inject, Injectable } from '@angular/core';
import { toApiError } from '@passerelle/web/core';
import { apiErrorMessage } from '@passerelle/web/ui';
import { AttachmentView, MessageView } from '@passerelle/shared/contracts';
import { MessagingApi } from '../messaging-api';
import { MessageCrypto } from '../thread/message-crypto';
import { ExportDocument, ExportedAttachment, ExportedThread } from './export-html';

export type ExportPhase = 'download' | 'messages' | 'attachments';

/** Where a long export stands; `total` null while unknown (the download's size). */
export interface ExportProgress {
  phase: ExportPhase;
  done: number;
  total: number | null;
}

/**
 * The patient's right of access (seed 002): every thread fetched as
 * ciphertext, each message and attachment decrypted with the unlocked
 * keyring and its signature checked against the key of the sender the server
 * names — in the browser, the server never sees the plaintext.
 */
@Injectable({ providedIn: 'root' })
export class ThreadExporter {
  private readonly api = inject(MessagingApi);
  private readonly crypto = inject(MessageCrypto);

  async build(options: { attachments: boolean }, progress: (p: ExportProgress) => void): Promise<ExportDocument> {
    progress({ phase: 'download', done: 0, total: null });
    const exported = await this.api.export((fraction) => progress({ phase: 'download', done: Math.round(fraction * 100), total: 100 }));
    const keysOf = (accountId: string) => exported.senders.filter((s) => s.accountId === accountId).map((s) => s.publicKey);

    const messageCount = exported.threads.reduce((n, t) => n + t.messages.length, 0);
    const attachmentCount = options.attachments ? exported.threads.reduce((n, t) => n + t.messages.reduce((k, m) => k + m.attachments.length, 0), 0) : 0;
    let read = 0;
    let opened = 0;
    progress({ phase: 'messages', done: 0, total: messageCount });
    const threads: ExportedThread[] = [];
    for (const thread of exported.threads) {
      const messages = [];
      for (const message of thread.messages) {
        const decrypted = await this.crypto.readFrom(message, keysOf(message.senderAccountId));
        progress({ phase: 'messages', done: ++read, total: messageCount });
        const attachments: ExportedAttachment[] = [];
        for (const attachment of message.attachments) {
          if (!options.attachments) {
            attachments.push({ mediaType: attachment.mediaType, size: attachment.size, omitted: true });
            continue;
          }
          if (opened === 0) progress({ phase: 'attachments', done: 0, total: attachmentCount });
          attachments.push(await this.attachment(attachment, message, keysOf(message.senderAccountId)));
          progress({ phase: 'attachments', done: ++opened, total: attachmentCount });
        }
        messages.push({
          seq: message.seq,
          senderName: message.senderName,
          createdAt: message.createdAt,
          kind: message.kind,
          body: decrypted.body,
          signature: decrypted.signature,
          attachments,
        });
      }
      threads.push({
        id: thread.id,
        purpose: thread.purpose,
        state: thread.state,
        practitionerName: thread.practitionerName,
        createdAt: thread.createdAt,
        archived: thread.archivedByPatient,
        messages,
      });
    }
    return { exportedAt: exported.exportedAt, patientName: exported.threads[0]?.patientName ?? '', threads };
  }

  /** One attachment decrypted and checked; a failure is written in the file instead of stopping the export. */
  private async attachment(attachment: AttachmentView, message: MessageView, senderKeys: string[]): Promise<ExportedAttachment> {
    const base = { mediaType: attachment.mediaType, size: attachment.size };
    try {
      const file = await this.crypto.readFile(await this.api.download(attachment.id), attachment.mediaType, senderKeys);
      return { ...base, dataUrl: await dataUrlOf(new Blob([file.content as Uint8Array<ArrayBuffer>], { type: attachment.mediaType })), signatureValid: file.signature === 'valid' };
    } catch (error) {
      const reason = error instanceof Error && !('status' in error) ? error.message : apiErrorMessage(toApiError(error));
      return { ...base, error: `message ${message.seq} : ${reason}` };
    }
  }
}

/** The browser's own base64 encoder (FileReader), fast on large files. */
function dataUrlOf(blob: Blob): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(reader.result as string);
    reader.onerror = () => reject(reader.error ?? new Error('Lecture de la pièce jointe impossible.'));
    reader.readAsDataURL(blob);
  });
}

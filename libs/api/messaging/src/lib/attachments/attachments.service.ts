import { Inject, Injectable } from '@nestjs/common';
import { Readable } from 'node:stream';
import { Actor, AuditTrail } from '@passerelle/api/audit';
import { Account } from '@passerelle/api/identity';
import { Conflict, Forbidden, NotFound } from '@passerelle/api/platform';
import {
  ATTACHMENT_MAX_ENCRYPTED_BYTES,
  ATTACHMENT_MEDIA_TYPES,
  AttachmentMediaType,
  AttachmentView,
} from '@passerelle/shared/contracts';
import { PayloadTooLarge, UnsupportedMediaType } from '../messaging-errors';
import { Messaging, THREAD_RECIPIENTS } from '../threads/messaging.service';
import { OpenPgpHeaderTap, requireEncryptedTo } from '../encryption/encrypted-content';
import { KeyRepository } from '../keys/key.repository';
import { ThreadRepository } from '../threads/thread.repository';
import { FILE_STORE, FileStore, FileTooLarge } from './file-store';

const TOO_LARGE = 'La pièce jointe dépasse 50 Mo.';

/**
 * Attachments: the browser checks the type by content and encrypts; the
 * server streams the ciphertext to the file store under a random name,
 * counting bytes (50 MB of plaintext plus OpenPGP's overhead), then checks
 * from its first bytes that it is an OpenPGP message to exactly the thread's
 * recipients, or removes it. Downloads: thread members only, each audited.
 */
@Injectable()
export class Attachments {
  constructor(
    private readonly messaging: Messaging,
    private readonly threads: ThreadRepository,
    private readonly keys: KeyRepository,
    private readonly audit: AuditTrail,
    @Inject(FILE_STORE) private readonly files: FileStore,
  ) {}

  async upload(
    account: Account,
    actor: Actor,
    threadId: string,
    declaredType: string | undefined,
    declaredLength: number | null,
    content: Readable,
  ): Promise<AttachmentView> {
    const thread = await this.messaging.requireThread(account, actor, threadId, 'messaging.attachment.upload');
    if (thread.state === 'CLOSED') throw new Conflict('Cette conversation est close : ouvrez-en une nouvelle.');
    if (account.role === 'SECRETARY' && thread.purpose === 'RENEWAL') {
      throw new Forbidden("Seul le praticien envoie des documents dans une demande de renouvellement.");
    }
    if (!ATTACHMENT_MEDIA_TYPES.includes(declaredType as AttachmentMediaType)) {
      throw new UnsupportedMediaType('Formats acceptés : PDF, JPEG ou PNG.');
    }
    if (declaredLength !== null && declaredLength > ATTACHMENT_MAX_ENCRYPTED_BYTES) throw new PayloadTooLarge(TOO_LARGE);
    if (!thread.patientAccountId) throw new Conflict("Ce patient n'a pas de compte Passerelle.");
    const [patientKey, practitionerKey, practiceKey] = await Promise.all([
      this.keys.accountKey(thread.patientAccountId),
      this.keys.accountKey(thread.practitionerAccountId),
      this.keys.practiceKey(thread.practiceId),
    ]);
    if (!patientKey || !practitionerKey || !practiceKey) throw new Conflict('Une des clés de chiffrement de cette conversation manque.');

    const tap = new OpenPgpHeaderTap();
    let stored: { key: string; size: number };
    try {
      stored = await this.files.put(content.pipe(tap), ATTACHMENT_MAX_ENCRYPTED_BYTES);
    } catch (error) {
      if (error instanceof FileTooLarge) {
        content.resume();
        throw new PayloadTooLarge(TOO_LARGE);
      }
      throw error;
    }
    try {
      await requireEncryptedTo(tap.header(), [patientKey.encryptionKeyIds, practitionerKey.encryptionKeyIds, practiceKey.encryptionKeyIds], THREAD_RECIPIENTS);
    } catch (error) {
      await this.files.remove(stored.key);
      throw error;
    }
    const id = await this.threads.createAttachment({
      threadId: thread.id,
      uploadedById: account.id,
      mediaType: declaredType as AttachmentMediaType,
      storageKey: stored.key,
      size: stored.size,
    });
    await this.audit.record({ actor, action: 'messaging.attachment.upload', result: 'SUCCESS', resourceType: 'MessageAttachment', resourceId: id, patientId: thread.patientId, details: { bytes: stored.size } });
    return { id, mediaType: declaredType as AttachmentMediaType, size: stored.size };
  }

  async download(account: Account, actor: Actor, attachmentId: string): Promise<{ id: string; size: number; content: Readable }> {
    const attachment = await this.threads.attachment(attachmentId);
    if (!attachment) throw new NotFound('Pièce jointe introuvable.');
    const thread = await this.messaging.requireThread(account, actor, attachment.threadId, 'messaging.attachment.download');
    // Not yet sent: only its uploader sees it.
    if (attachment.messageId === null && attachment.uploadedById !== account.id) throw new NotFound('Pièce jointe introuvable.');
    const content = await this.files.open(attachment.storageKey);
    await this.audit.record({ actor, action: 'messaging.attachment.download', result: 'SUCCESS', resourceType: 'MessageAttachment', resourceId: attachment.id, patientId: thread.patientId });
    return { id: attachment.id, size: attachment.size, content };
  }
}

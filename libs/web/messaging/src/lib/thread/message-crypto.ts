import { inject, Injectable } from '@angular/core';
import { decryptFile, decryptText, encryptFile, encryptText, SignatureStatus, UnlockedPrivateKey } from '@passerelle/shared/crypto';
import {
  AttachmentMediaType,
  MessageBodyPlaintext,
  MessageView,
  sniffAttachmentType,
  ThreadRecipientsView,
} from '@passerelle/shared/contracts';
import { MessagingKeyring } from '../keys/messaging-keyring';

export interface ReadMessage {
  message: MessageView;
  body: MessageBodyPlaintext | null;
  signature: SignatureStatus | 'unreadable';
}

/** What the reader is told when a message's signature does not check (null when it does). */
export function signatureWarning(m: Pick<ReadMessage, 'signature'>): string | null {
  if (m.signature === 'valid') return null;
  if (m.signature === 'unreadable') return 'Ce message ne peut pas être déchiffré avec vos clés.';
  return 'Attention : la signature de ce message n’est pas valide. Il a pu être modifié ou ne pas venir de son expéditeur affiché.';
}

/** Encrypts to exactly the thread's recipients and signs; decrypts and verifies against the thread's senders. */
@Injectable({ providedIn: 'root' })
export class MessageCrypto {
  private readonly keyring = inject(MessagingKeyring);

  async encrypt(recipientKeys: string[], body: MessageBodyPlaintext): Promise<string> {
    return encryptText(JSON.stringify(body), { recipients: recipientKeys, signingKey: this.signingKey() });
  }

  async encryptFile(recipientKeys: string[], content: Uint8Array): Promise<Uint8Array> {
    return encryptFile(content, { recipients: recipientKeys, signingKey: this.signingKey() });
  }

  /** Decrypts an attachment and checks its content again: a mismatch is never shown. */
  async readFile(encrypted: Uint8Array, expected: AttachmentMediaType, senderKeys: string[]): Promise<{ content: Uint8Array; signature: SignatureStatus }> {
    for (const decryptionKey of this.decryptionKeys()) {
      let opened: { data: Uint8Array; signature: SignatureStatus };
      try {
        opened = await decryptFile(encrypted, { decryptionKey, senders: senderKeys });
      } catch {
        continue;
      }
      if (sniffAttachmentType(opened.data.subarray(0, 16)) !== expected) throw new Error('Le contenu de la pièce jointe ne correspond pas à son type : elle n’est pas affichée.');
      return { content: opened.data, signature: opened.signature };
    }
    throw new Error('Cette pièce jointe ne peut pas être déchiffrée avec vos clés.');
  }

  private signingKey(): UnlockedPrivateKey {
    const key = this.keyring.key();
    if (!key) throw new Error('Messagerie verrouillée.');
    return key;
  }

  private decryptionKeys(): UnlockedPrivateKey[] {
    return [this.keyring.key(), this.keyring.practiceKey()].filter((k): k is UnlockedPrivateKey => k !== null);
  }

  recipientKeys(recipients: ThreadRecipientsView): string[] {
    return [recipients.patient.publicKey, recipients.practitioner.publicKey, recipients.practice.publicKey];
  }

  async read(message: MessageView, recipients: ThreadRecipientsView): Promise<ReadMessage> {
    // The sender must be the account the server names: another member's valid signature is not enough.
    return this.readFrom(message, recipients.senders.filter((s) => s.accountId === message.senderAccountId).map((s) => s.publicKey));
  }

  /** Decrypts a message and checks it was signed by one of `sender` (the named sender's keys). */
  async readFrom(message: MessageView, sender: string[]): Promise<ReadMessage> {
    for (const decryptionKey of this.decryptionKeys()) {
      try {
        const decrypted = await decryptText(message.body, { decryptionKey, senders: sender });
        return { message, body: JSON.parse(decrypted.data) as MessageBodyPlaintext, signature: decrypted.signature };
      } catch {
        // Not encrypted to this key: try the next one.
      }
    }
    return { message, body: null, signature: 'unreadable' };
  }
}

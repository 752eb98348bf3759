import { ATTACHMENT_MAX_PLAINTEXT_BYTES, AttachmentMediaType, attachmentTypeMatchesName, sniffAttachmentType } from '@passerelle/shared/contracts';

/** A file checked by its content, before encryption. */
export interface CheckedFile {
  type: AttachmentMediaType;
  content: Uint8Array;
}

/**
 * Refuses what is not a real PDF, JPEG or PNG (by its first bytes, and
 * agreeing with its name), or too large — before encryption, since the
 * server only sees ciphertext. Also used by the SAS funnel.
 */
export async function checkFile(file: File): Promise<CheckedFile> {
  if (file.size > ATTACHMENT_MAX_PLAINTEXT_BYTES) throw new Error('Fichier trop volumineux (50 Mo au plus).');
  const content = new Uint8Array(await file.arrayBuffer());
  const type = sniffAttachmentType(content.subarray(0, 16));
  if (!type || !attachmentTypeMatchesName(type, file.name)) {
    throw new Error('Seuls les fichiers PDF, JPEG ou PNG sont acceptés, et leur contenu doit correspondre à leur extension.');
  }
  return { type, content };
}

import { encryptFile } from '@passerelle/shared/crypto';
import { AttachmentMediaType } from '@passerelle/shared/contracts';
import { checkFile } from '@passerelle/web/messaging';

/**
 * In the regulator's browser, before anything is sent: the file must be a
 * real PDF, JPEG or PNG agreeing with its name (the same check as the
 * messaging's), then it is encrypted to the practice key alone with the
 * messaging's crypto library. Unsigned: a regulator has no key pair (the
 * API records who uploaded it). Loaded with OpenPGP on the first file.
 */
export async function encryptForPractice(file: File, practicePublicKey: string): Promise<{ type: AttachmentMediaType; encrypted: Uint8Array }> {
  const checked = await checkFile(file);
  return { type: checked.type, encrypted: await encryptFile(checked.content, { recipients: [practicePublicKey], signingKey: null }) };
}

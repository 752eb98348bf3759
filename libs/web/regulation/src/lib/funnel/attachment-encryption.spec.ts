/**
 * @jest-environment node
 */
// openpgp needs Node's WebCrypto and one realm for Uint8Array: no jsdom here (no DOM is used).
import { decryptFile, generateKeyPair, readPublicKeyInfo, readRecipients, UnlockedPrivateKey } from '@passerelle/shared/crypto';
import { encryptForPractice } from './attachment-encryption';

const PDF = Buffer.from('%PDF-1.4\n% ECG du SAMU\n%%EOF\n');
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);

describe('a SAS attachment, in the regulator’s browser', () => {
  let practice: UnlockedPrivateKey;
  let doctor: UnlockedPrivateKey;

  beforeAll(async () => {
    [practice, doctor] = await Promise.all([generateKeyPair('Cabinet'), generateKeyPair('claire@exemple.fr')]);
  });

  it('is encrypted to the practice key alone: only it decrypts, to the same bytes, unsigned', async () => {
    const { type, encrypted } = await encryptForPractice(new File([PDF], 'ECG.pdf'), practice.publicKeyArmored);
    expect(type).toBe('application/pdf');
    expect(Buffer.from(encrypted).includes(Buffer.from('ECG du SAMU'))).toBe(false);
    expect((await readRecipients(encrypted)).recipientKeyIds).toEqual((await readPublicKeyInfo(practice.publicKeyArmored)).encryptionKeyIds);
    const opened = await decryptFile(encrypted, { decryptionKey: practice, senders: [] });
    expect(Buffer.from(opened.data).equals(PDF)).toBe(true);
    expect(opened.signature).toBe('unsigned');
    await expect(decryptFile(encrypted, { decryptionKey: doctor, senders: [] })).rejects.toMatchObject({ code: 'NOT_A_RECIPIENT' });
  });

  it('is refused before encryption when its content is not what its name says', async () => {
    await expect(encryptForPractice(new File([PNG], 'radio.png'), practice.publicKeyArmored)).resolves.toMatchObject({ type: 'image/png' });
    await expect(encryptForPractice(new File([PNG], 'compte-rendu.pdf'), practice.publicKeyArmored)).rejects.toThrow(/contenu doit correspondre à leur extension/);
    await expect(encryptForPractice(new File([Buffer.from('MZ\x90\x00programme')], 'ordonnance.pdf'), practice.publicKeyArmored)).rejects.toThrow(/Seuls les fichiers PDF, JPEG ou PNG/);
  });
});

/**
 * @jest-environment node
 */
// openpgp needs Node's WebCrypto and one realm for Uint8Array: no jsdom here (no DOM is used).
import { Injector, runInInjectionContext, signal } from '@angular/core';
import { MessageView, ThreadRecipientsView } from '@passerelle/shared/contracts';
import { encryptFile, encryptText, generateKeyPair, UnlockedPrivateKey } from '@passerelle/shared/crypto';
import { MessagingKeyring } from '../keys/messaging-keyring';
import { checkFile } from './file-check';
import { MessageCrypto, signatureWarning } from './message-crypto';

const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');
const PDF = Buffer.from('%PDF-1.4\n%%EOF\n');

describe('MessageCrypto', () => {
  let marie: UnlockedPrivateKey;
  let claire: UnlockedPrivateKey;
  let practice: UnlockedPrivateKey;
  let stranger: UnlockedPrivateKey;
  let recipients: ThreadRecipientsView;
  let crypto: MessageCrypto;

  const message = (body: string, senderAccountId: string): MessageView => ({
    id: 'm1',
    threadId: 't1',
    seq: 1,
    senderAccountId,
    senderName: 'x',
    kind: 'TEXT',
    body,
    attachments: [],
    createdAt: '2026-11-22T08:00:00Z',
  });

  beforeAll(async () => {
    [marie, claire, practice, stranger] = await Promise.all(['marie', 'claire', 'cabinet', 'inconnu'].map((n) => generateKeyPair(`${n}@exemple.fr`)));
    recipients = {
      patient: { accountId: 'marie', publicKey: marie.publicKeyArmored },
      practitioner: { accountId: 'claire', publicKey: claire.publicKeyArmored },
      practice: { practiceId: 'cabinet', publicKey: practice.publicKeyArmored },
      senders: [
        { accountId: 'marie', publicKey: marie.publicKeyArmored },
        { accountId: 'claire', publicKey: claire.publicKeyArmored },
      ],
    };
    // Marie's browser: her key unlocked (the keyring's state), no practice key.
    const keyring = { key: signal(marie), practiceKey: signal(null) } as unknown as MessagingKeyring;
    const injector = Injector.create({ providers: [{ provide: MessagingKeyring, useValue: keyring }] });
    crypto = runInInjectionContext(injector, () => new MessageCrypto());
  });

  const toThread = (body: object, signingKey: UnlockedPrivateKey) =>
    encryptText(JSON.stringify(body), { recipients: [marie.publicKeyArmored, claire.publicKeyArmored, practice.publicKeyArmored], signingKey });

  it('decrypts and verifies a message signed by its sender', async () => {
    const read = await crypto.read(message(await toThread({ text: 'Ordonnance prête' }, claire), 'claire'), recipients);
    expect(read.body?.text).toBe('Ordonnance prête');
    expect(read.signature).toBe('valid');
    expect(signatureWarning(read)).toBeNull();
  });

  it('flags a signature from someone outside the thread, or from another member than the named sender', async () => {
    const forged = await crypto.read(message(await toThread({ text: 'Venez vite' }, stranger), 'claire'), recipients);
    expect(forged.signature).toBe('invalid');
    expect(signatureWarning(forged)).toMatch(/signature de ce message n’est pas valide/);
    // Signed by Marie, but the server says Claire sent it.
    const relabelled = await crypto.read(message(await toThread({ text: 'Texte' }, marie), 'claire'), recipients);
    expect(relabelled.signature).toBe('invalid');
  });

  it('says so when a message is not encrypted to any of my keys', async () => {
    const elsewhere = await encryptText('{"text":"x"}', { recipients: [claire.publicKeyArmored], signingKey: claire });
    const read = await crypto.read(message(elsewhere, 'claire'), recipients);
    expect(read.body).toBeNull();
    expect(signatureWarning(read)).toMatch(/ne peut pas être déchiffré/);
  });

  it('checks files by their content and name before encryption, and again after decryption', async () => {
    await expect(checkFile(new File([PNG], 'ordonnance.png'))).resolves.toMatchObject({ type: 'image/png' });
    await expect(checkFile(new File([Buffer.from('pas une image')], 'ordonnance.png'))).rejects.toThrow(/Seuls les fichiers/);
    await expect(checkFile(new File([PDF], 'ordonnance.png'))).rejects.toThrow(/correspondre à leur extension/);

    const encrypted = await encryptFile(new Uint8Array(PDF), { recipients: [marie.publicKeyArmored], signingKey: claire });
    const opened = await crypto.readFile(encrypted, 'application/pdf', [claire.publicKeyArmored]);
    expect(Buffer.from(opened.content).equals(PDF)).toBe(true);
    expect(opened.signature).toBe('valid');
    // Announced as an image, the decrypted content is a PDF: not shown.
    await expect(crypto.readFile(encrypted, 'image/png', [claire.publicKeyArmored])).rejects.toThrow(/ne correspond pas à son type/);
  });
});

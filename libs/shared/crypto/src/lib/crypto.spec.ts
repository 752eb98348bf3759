import * as openpgp from 'openpgp';
import {
  CryptoError,
  createRecoveryKit,
  decryptFile,
  decryptText,
  encryptFile,
  encryptText,
  generateKeyPair,
  isEncryptedToExactly,
  openPracticeKey,
  PBKDF2_ITERATIONS,
  protectPrivateKey,
  readPublicKeyInfo,
  readRecipients,
  reprotectPrivateKey,
  sharePracticeKey,
  unlockPrivateKey,
  unlockWithRecoveryKit,
  namesExactly,
  protectedKeyFingerprint,
} from '../index';

// A low iteration count keeps the suite fast; one test uses the real default.
const FAST = 1_000;

describe('shared crypto', () => {
  let patient: Awaited<ReturnType<typeof generateKeyPair>>;
  let doctor: Awaited<ReturnType<typeof generateKeyPair>>;
  let practice: Awaited<ReturnType<typeof generateKeyPair>>;
  let stranger: Awaited<ReturnType<typeof generateKeyPair>>;

  beforeAll(async () => {
    [patient, doctor, practice, stranger] = await Promise.all(
      ['patient', 'doctor', 'practice', 'stranger'].map((label) => generateKeyPair(label)),
    );
  });

  const three = () => [patient.publicKeyArmored, doctor.publicKeyArmored, practice.publicKeyArmored];

  describe('key pair and its protection by the password', () => {
    it('generates a curve25519 key whose public part can encrypt', async () => {
      const info = await readPublicKeyInfo(patient.publicKeyArmored);
      expect(info.keyId).toMatch(/^[0-9a-f]{16}$/);
      expect(info.encryptionKeyIds).toHaveLength(1);
      expect(info.encryptionKeyIds[0]).not.toBe(info.keyId);
    });

    it('refuses a private key, an RSA key and garbage as a public key', async () => {
      await expect(readPublicKeyInfo(patient.key.armor())).rejects.toMatchObject({ code: 'INVALID_PUBLIC_KEY' });
      const { publicKey: rsa } = await openpgp.generateKey({ type: 'rsa', rsaBits: 2048, userIDs: [{ name: 'r' }] });
      await expect(readPublicKeyInfo(rsa)).rejects.toMatchObject({ code: 'INVALID_PUBLIC_KEY' });
      await expect(readPublicKeyInfo('bonjour')).rejects.toBeInstanceOf(CryptoError);
    });

    it('stores the key encrypted: the armored key is locked and opens only with the password (default cost)', async () => {
      const stored = await protectPrivateKey(patient, 'Mot-de-passe-1!');
      expect(stored.iterations).toBe(PBKDF2_ITERATIONS);
      const locked = await openpgp.readPrivateKey({ armoredKey: stored.armoredKey });
      expect(locked.isDecrypted()).toBe(false);
      const unlocked = await unlockPrivateKey(stored, 'Mot-de-passe-1!');
      expect(unlocked.fingerprint).toBe(patient.fingerprint);
      await expect(unlockPrivateKey(stored, 'Mot-de-passe-2!')).rejects.toMatchObject({ code: 'WRONG_SECRET' });
    });

    it('lets the server read the fingerprint of a protected key, and refuses an unprotected one', async () => {
      const stored = await protectPrivateKey(patient, 'x', FAST);
      expect(await protectedKeyFingerprint(stored)).toBe(patient.fingerprint);
      await expect(protectedKeyFingerprint({ ...stored, armoredKey: patient.key.armor() })).rejects.toMatchObject({ code: 'INVALID_PRIVATE_KEY' });
    });

    it('uses a fresh salt each time, so two protections of the same key differ', async () => {
      const a = await protectPrivateKey(patient, 'x', FAST);
      const b = await protectPrivateKey(patient, 'x', FAST);
      expect(a.salt).not.toBe(b.salt);
    });

    it('re-encrypts on password change: the new password opens it, the old one no longer does', async () => {
      const stored = await protectPrivateKey(patient, 'ancien', FAST);
      const changed = await reprotectPrivateKey(stored, 'ancien', 'nouveau', FAST);
      expect((await unlockPrivateKey(changed, 'nouveau')).fingerprint).toBe(patient.fingerprint);
      await expect(unlockPrivateKey(changed, 'ancien')).rejects.toMatchObject({ code: 'WRONG_SECRET' });
      await expect(reprotectPrivateKey(stored, 'faux', 'nouveau', FAST)).rejects.toMatchObject({
        code: 'WRONG_SECRET',
      });
    });
  });

  describe('recovery kit', () => {
    it('unlocks the key after a reset, typed loosely from paper, and reads the history', async () => {
      const body = await encryptText('Renouvellement Levothyrox', { recipients: three(), signingKey: doctor });
      const kit = await createRecoveryKit(patient);
      expect(kit.secret).toMatch(/^([0-9A-Z]{4}-){7}[0-9A-Z]{4}$/);
      const typed = kit.secret.toLowerCase().replace(/-/g, ' ').replace(/0/g, 'o');
      const recovered = await unlockWithRecoveryKit(kit.protectedKey, typed);
      const read = await decryptText(body, { decryptionKey: recovered, senders: [doctor.publicKeyArmored] });
      expect(read.data).toBe('Renouvellement Levothyrox');
      await expect(unlockWithRecoveryKit(kit.protectedKey, 'AAAA-BBBB')).rejects.toMatchObject({
        code: 'WRONG_SECRET',
      });
    });
  });

  describe('what the server stores cannot open the key', () => {
    it('keeps salt and cost beside the locked key: the passphrase is PBKDF2(password, salt), derived in the browser, never stored', async () => {
      const password = 'Mot-de-passe-du-patient-2026';
      const stored = await protectPrivateKey(patient, password, FAST);
      expect(Object.keys(stored).sort()).toEqual(['armoredKey', 'iterations', 'kdf', 'salt', 'version']);
      // Recomputed here with WebCrypto: the envelope's passphrase is that derivation, not the password itself.
      const material = await crypto.subtle.importKey('raw', new TextEncoder().encode(password), 'PBKDF2', false, ['deriveBits']);
      const bits = await crypto.subtle.deriveBits({ name: 'PBKDF2', hash: 'SHA-256', salt: Buffer.from(stored.salt, 'base64'), iterations: FAST }, material, 256);
      const passphrase = Buffer.from(bits).toString('base64');
      const locked = await openpgp.readPrivateKey({ armoredKey: stored.armoredKey });
      expect((await openpgp.decryptKey({ privateKey: locked, passphrase })).getFingerprint()).toBe(patient.fingerprint);
      await expect(openpgp.decryptKey({ privateKey: locked, passphrase: password })).rejects.toThrow();
      const json = JSON.stringify(stored);
      expect(json).not.toContain(password);
      expect(json).not.toContain(passphrase);
    });

    it('a key re-protected after a reset (with the kit) reads the history; a replacement key pair does not, the practice key still does', async () => {
      const history = await encryptText('Votre ordonnance est prête.', { recipients: three(), signingKey: doctor });
      const kit = await createRecoveryKit(patient);
      // The reset: the browser opens the kit copy and protects the same key with the new password.
      const restored = await protectPrivateKey(await unlockWithRecoveryKit(kit.protectedKey, kit.secret), 'nouveau', FAST);
      const reopened = await unlockPrivateKey(restored, 'nouveau');
      expect((await decryptText(history, { decryptionKey: reopened, senders: [doctor.publicKeyArmored] })).data).toBe('Votre ordonnance est prête.');
      // Without the kit, a new pair: the old messages stay readable by the practice only.
      const replacement = await generateKeyPair('patient');
      await expect(decryptText(history, { decryptionKey: replacement, senders: [doctor.publicKeyArmored] })).rejects.toMatchObject({ code: 'NOT_A_RECIPIENT' });
      expect((await decryptText(history, { decryptionKey: practice, senders: [doctor.publicKeyArmored] })).data).toBe('Votre ordonnance est prête.');
    });

    it('a message signed by a key retired after a reset still verifies against that retired public key', async () => {
      const signedBefore = await encryptText('Bonjour docteur', { recipients: three(), signingKey: patient });
      const replacement = await generateKeyPair('patient');
      const withRetired = await decryptText(signedBefore, { decryptionKey: doctor, senders: [replacement.publicKeyArmored, patient.publicKeyArmored] });
      expect(withRetired.signature).toBe('valid');
      const currentOnly = await decryptText(signedBefore, { decryptionKey: doctor, senders: [replacement.publicKeyArmored] });
      expect(currentOnly.signature).not.toBe('valid');
    });
  });

  describe('practice key', () => {
    it('each member opens their copy; a non-member cannot; a copy not shared by a trusted member is refused', async () => {
      const copies = await sharePracticeKey(practice, [doctor.publicKeyArmored, patient.publicKeyArmored], doctor);
      const opened = await openPracticeKey(copies[0].encryptedPrivateKey, doctor, [doctor.publicKeyArmored]);
      expect(opened.fingerprint).toBe(practice.fingerprint);
      await expect(openPracticeKey(copies[0].encryptedPrivateKey, stranger, [doctor.publicKeyArmored])).rejects.toMatchObject({
        code: 'NOT_A_RECIPIENT',
      });
      const forged = await sharePracticeKey(stranger, [doctor.publicKeyArmored], stranger);
      await expect(openPracticeKey(forged[0].encryptedPrivateKey, doctor, [doctor.publicKeyArmored])).rejects.toMatchObject({
        code: 'INVALID_PRIVATE_KEY',
      });
      // The opened practice key decrypts what was sent to the practice.
      const body = await encryptText('Pour le cabinet', { recipients: three(), signingKey: patient });
      expect((await decryptText(body, { decryptionKey: opened, senders: [patient.publicKeyArmored] })).data).toBe(
        'Pour le cabinet',
      );
    });
  });

  describe('encrypt, sign, decrypt, verify', () => {
    it('every recipient reads a text; the signature checks against the sender', async () => {
      const body = await encryptText('Bonjour docteur, é à ç 💊', { recipients: three(), signingKey: patient });
      expect(body).toContain('-----BEGIN PGP MESSAGE-----');
      expect(body).not.toContain('Bonjour');
      for (const reader of [patient, doctor, practice]) {
        const read = await decryptText(body, { decryptionKey: reader, senders: [patient.publicKeyArmored] });
        expect(read).toEqual({ data: 'Bonjour docteur, é à ç 💊', signature: 'valid', signerKeyId: patient.key.getKeyID().toHex() });
      }
    });

    it('a file round-trips byte for byte, in binary', async () => {
      const file = globalThis.crypto.getRandomValues(new Uint8Array(60_000));
      const encrypted = await encryptFile(file, { recipients: three(), signingKey: doctor });
      expect(encrypted).toBeInstanceOf(Uint8Array);
      const read = await decryptFile(encrypted, { decryptionKey: patient, senders: [doctor.publicKeyArmored] });
      expect(Buffer.from(read.data).equals(Buffer.from(file))).toBe(true);
      expect(read.signature).toBe('valid');
    });

    it('a sender without a key pair encrypts a file unsigned, on purpose: only the recipient reads it, flagged unsigned', async () => {
      const file = globalThis.crypto.getRandomValues(new Uint8Array(20_000));
      const encrypted = await encryptFile(file, { recipients: [practice.publicKeyArmored], signingKey: null });
      expect((await readRecipients(encrypted)).recipientKeyIds).toEqual((await readPublicKeyInfo(practice.publicKeyArmored)).encryptionKeyIds);
      const read = await decryptFile(encrypted, { decryptionKey: practice, senders: [] });
      expect(Buffer.from(read.data).equals(Buffer.from(file))).toBe(true);
      expect(read.signature).toBe('unsigned');
      await expect(decryptFile(encrypted, { decryptionKey: doctor, senders: [] })).rejects.toMatchObject({ code: 'NOT_A_RECIPIENT' });
    });

    it('a signature by someone other than the expected sender is a flag, not an exception', async () => {
      const body = await encryptText('usurpé', { recipients: three(), signingKey: stranger });
      const read = await decryptText(body, { decryptionKey: doctor, senders: [patient.publicKeyArmored] });
      expect(read).toEqual({ data: 'usurpé', signature: 'invalid' });
    });

    it('an unsigned message is flagged as such', async () => {
      const body = await openpgp.encrypt({
        message: await openpgp.createMessage({ text: 'sans signature' }),
        encryptionKeys: patient.key.toPublic(),
      });
      const read = await decryptText(body as string, { decryptionKey: patient, senders: [doctor.publicKeyArmored] });
      expect(read).toEqual({ data: 'sans signature', signature: 'unsigned' });
    });

    it('a non-recipient gets a clear error; garbage is not a message', async () => {
      const body = await encryptText('secret', { recipients: three(), signingKey: patient });
      await expect(decryptText(body, { decryptionKey: stranger, senders: [] })).rejects.toMatchObject({
        code: 'NOT_A_RECIPIENT',
      });
      await expect(decryptText('pas un message', { decryptionKey: patient, senders: [] })).rejects.toMatchObject({
        code: 'NOT_AN_ENCRYPTED_MESSAGE',
      });
    });
  });

  describe('recipients read without decrypting', () => {
    it('names exactly the encryption subkeys of the three recipients, armored or binary', async () => {
      const expected = (
        await Promise.all(three().map(async (key) => (await readPublicKeyInfo(key)).encryptionKeyIds))
      ).flat();
      const armored = await readRecipients(await encryptText('x', { recipients: three(), signingKey: patient }));
      expect(armored.recipientKeyIds.sort()).toEqual([...expected].sort());
      const binary = await readRecipients(await encryptFile(new Uint8Array([1, 2, 3]), { recipients: three(), signingKey: patient }));
      expect(binary.recipientKeyIds.sort()).toEqual([...expected].sort());
    });

    it('reads the header of a stream from its first bytes only', async () => {
      const encrypted = await encryptFile(new Uint8Array(200_000), { recipients: three(), signingKey: patient });
      const head = encrypted.slice(0, 4096);
      const stream = new ReadableStream<Uint8Array>({
        start(controller) {
          controller.enqueue(head);
          controller.close();
        },
      });
      expect((await readRecipients(stream)).recipientKeyIds).toHaveLength(3);
    });

    it('checks "exactly these recipients": a missing one or an extra one fails', async () => {
      const toThree = await readRecipients(await encryptText('x', { recipients: three(), signingKey: patient }));
      expect(await isEncryptedToExactly(toThree, three())).toBe(true);
      const toTwo = await readRecipients(
        await encryptText('x', { recipients: three().slice(0, 2), signingKey: patient }),
      );
      expect(await isEncryptedToExactly(toTwo, three())).toBe(false);
      const toFour = await readRecipients(
        await encryptText('x', { recipients: [...three(), stranger.publicKeyArmored], signingKey: patient }),
      );
      expect(await isEncryptedToExactly(toFour, three())).toBe(false);
    });

    it('checks exact recipients from stored key IDs too', () => {
      expect(namesExactly({ recipientKeyIds: ['a', 'c'] }, [['a', 'b'], ['c']])).toBe(true);
      expect(namesExactly({ recipientKeyIds: ['a'] }, [['a', 'b'], ['c']])).toBe(false);
      expect(namesExactly({ recipientKeyIds: ['a', 'c', 'd'] }, [['a'], ['c']])).toBe(false);
    });

    it('refuses plaintext, signed-only, password-encrypted, anonymous-recipient messages and garbage', async () => {
      const cases: (string | Uint8Array)[] = [
        'Bonjour en clair',
        await openpgp.sign({ message: await openpgp.createMessage({ text: 'signé' }), signingKeys: patient.key }),
        await openpgp.encrypt({ message: await openpgp.createMessage({ text: 'mdp' }), passwords: ['1234'] }),
        await openpgp.encrypt({
          message: await openpgp.createMessage({ text: 'mdp + clé' }),
          passwords: ['1234'],
          encryptionKeys: patient.key.toPublic(),
        }),
        await openpgp.encrypt({
          message: await openpgp.createMessage({ text: 'anonyme' }),
          encryptionKeys: patient.key.toPublic(),
          wildcard: true,
        }),
        globalThis.crypto.getRandomValues(new Uint8Array(512)),
        new Uint8Array(0),
      ];
      for (const input of cases) {
        await expect(readRecipients(input)).rejects.toMatchObject({ code: 'NOT_AN_ENCRYPTED_MESSAGE' });
      }
    });
  });
});

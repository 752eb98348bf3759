import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { encryptFile, encryptText, generateKeyPair } from '../index';

/**
 * Interoperability: what this library writes is standard OpenPGP that GnuPG
 * (Debian's `gpg`, installed by .ci/run) decrypts and verifies given the
 * recipient's key — the messages stay readable for the 20-year retention even
 * without Passerelle.
 */
describe('GnuPG reads what the library writes', () => {
  let home: string;
  const gpg = (args: string[], input?: string | Uint8Array) =>
    execFileSync('gpg', ['--homedir', home, '--batch', '--no-tty', '--pinentry-mode', 'loopback', ...args], {
      input,
      stdio: ['pipe', 'pipe', 'pipe'],
    });

  beforeAll(() => {
    home = mkdtempSync(join(tmpdir(), 'passerelle-gnupg-'));
  });

  afterAll(() => {
    try {
      execFileSync('gpgconf', ['--homedir', home, '--kill', 'all']);
    } finally {
      rmSync(home, { recursive: true, force: true });
    }
  });

  it('decrypts a text and a file made for three recipients and reports a good signature', async () => {
    const [patient, doctor, practice] = await Promise.all(['patient', 'médecin', 'cabinet'].map((l) => generateKeyPair(l)));
    const recipients = [patient.publicKeyArmored, doctor.publicKeyArmored, practice.publicKeyArmored];
    const text = 'Renouvellement : Levothyrox 75 µg, 1 cp/jour';
    const armored = await encryptText(text, { recipients, signingKey: patient });
    const file = globalThis.crypto.getRandomValues(new Uint8Array(10_000));
    const binary = await encryptFile(file, { recipients, signingKey: patient });

    // GnuPG holds only the practitioner's private key and the patient's public key.
    gpg(['--import'], doctor.key.armor());
    gpg(['--import'], patient.publicKeyArmored);
    const statusFile = join(home, 'status');

    const decrypted = gpg(['--status-file', statusFile, '--decrypt'], armored);
    expect(decrypted.toString('utf8')).toBe(text);
    const status = execFileSync('cat', [statusFile]).toString();
    expect(status).toContain('DECRYPTION_OKAY');
    expect(status).toMatch(/GOODSIG [0-9A-F]{16}/);
    // The key is not certified in GnuPG's web of trust: a good signature, unknown validity — no BADSIG.
    expect(status).not.toContain('BADSIG');

    const binaryPath = join(home, 'attachment.gpg');
    writeFileSync(binaryPath, binary);
    const decryptedFile = gpg(['--decrypt', binaryPath]);
    expect(Buffer.compare(decryptedFile, Buffer.from(file))).toBe(0);
  });

  it('a stranger holding another key cannot decrypt it', async () => {
    const [patient, stranger] = await Promise.all([generateKeyPair('patient'), generateKeyPair('inconnu')]);
    const strangerHome = mkdtempSync(join(tmpdir(), 'passerelle-gnupg-'));
    try {
      const armored = await encryptText('secret', { recipients: [patient.publicKeyArmored], signingKey: patient });
      execFileSync('gpg', ['--homedir', strangerHome, '--batch', '--import'], { input: stranger.key.armor(), stdio: 'pipe' });
      expect(() =>
        execFileSync('gpg', ['--homedir', strangerHome, '--batch', '--decrypt'], { input: armored, stdio: 'pipe' }),
      ).toThrow();
    } finally {
      execFileSync('gpgconf', ['--homedir', strangerHome, '--kill', 'all']);
      rmSync(strangerHome, { recursive: true, force: true });
    }
  });
});

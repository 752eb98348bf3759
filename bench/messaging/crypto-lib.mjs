// Builds libs/shared/crypto (TypeScript) into one ESM file with esbuild, so the
// benchmark measures exactly the code the browser and the tests use.
import { build } from 'esbuild';
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

export async function loadCryptoLib() {
  const outfile = join(ROOT, 'tmp', 'bench', 'shared-crypto.mjs');
  mkdirSync(dirname(outfile), { recursive: true });
  await build({
    entryPoints: [join(ROOT, 'libs', 'shared', 'crypto', 'src', 'index.ts')],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    external: ['openpgp'],
    outfile,
    logLevel: 'error',
  });
  return import(outfile);
}

export const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length ? sorted[Math.floor(sorted.length / 2)] : null;
};

export const percentile = (values, p) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] : null;
};

/** OpenPGP cost per message in Node: encrypt to 3 recipients + sign, decrypt + verify, 1 KB. */
export async function openPgpCost(crypto, iterations = 200) {
  const [patient, doctor, practice] = await Promise.all(['patient', 'doctor', 'practice'].map((l) => crypto.generateKeyPair(l)));
  const recipients = [patient.publicKeyArmored, doctor.publicKeyArmored, practice.publicKeyArmored];
  const text = 'x'.repeat(1024);
  const encryptMs = [];
  const decryptMs = [];
  let armored = '';
  for (let i = 0; i < iterations; i++) {
    let t = performance.now();
    armored = await crypto.encryptText(text, { recipients, signingKey: patient });
    encryptMs.push(performance.now() - t);
    t = performance.now();
    const read = await crypto.decryptText(armored, { decryptionKey: doctor, senders: [patient.publicKeyArmored] });
    decryptMs.push(performance.now() - t);
    if (read.signature !== 'valid' || read.data !== text) throw new Error('round trip failed');
  }
  let t = performance.now();
  const header = await crypto.readRecipients(armored);
  const inspectMs = performance.now() - t;
  t = performance.now();
  for (let i = 0; i < 20; i++) await crypto.generateKeyPair('k');
  const keygenMs = (performance.now() - t) / 20;
  return {
    iterations,
    plaintextBytes: 1024,
    ciphertextBytes: armored.length,
    recipients: header.recipientKeyIds.length,
    encryptSignMedianMs: round(median(encryptMs)),
    decryptVerifyMedianMs: round(median(decryptMs)),
    readRecipientsMs: round(inspectMs),
    keyGenerationMeanMs: round(keygenMs),
  };
}

export const round = (n, digits = 2) => (n === null ? null : Math.round(n * 10 ** digits) / 10 ** digits);

// Bench data straight into the database: N patient–practitioner pairs, each
// practitioner in their own practice (so a message goes to 2 people, as in a
// one-doctor practice), real curve25519 keys, one renewal thread per pair and
// a signed-in, second-factor-verified session per account. Ciphertexts are
// made once per pair and direction with the shared crypto library.
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import pg from 'pg';

const sha256 = (text) => createHash('sha256').update(text).digest('hex');

export async function seedPairs(databaseUrl, crypto, pairs, log) {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  const out = [];
  const started = Date.now();
  try {
    await client.query('BEGIN');
    for (let i = 0; i < pairs; i++) {
      const [patientKey, doctorKey, practiceKey] = await Promise.all([
        crypto.generateKeyPair(`bench-patient-${i}`),
        crypto.generateKeyPair(`bench-doctor-${i}`),
        crypto.generateKeyPair(`bench-practice-${i}`),
      ]);
      const [patientInfo, doctorInfo, practiceInfo] = await Promise.all(
        [patientKey, doctorKey, practiceKey].map((k) => crypto.readPublicKeyInfo(k.publicKeyArmored)),
      );
      const ids = { patientAccount: randomUUID(), doctorAccount: randomUUID(), practice: randomUUID(), practitioner: randomUUID(), patient: randomUUID(), thread: randomUUID() };
      await client.query(
        `INSERT INTO "Account" (id, email, audience, role, status, "displayName", "updatedAt") VALUES
         ($1, $2, 'PATIENT', 'PATIENT', 'ACTIVE', $3, now()), ($4, $5, 'PRO', 'PRACTITIONER', 'ACTIVE', $6, now())`,
        [ids.patientAccount, `bench-patient-${i}@bench.invalid`, `Patient ${i}`, ids.doctorAccount, `bench-doctor-${i}@bench.invalid`, `Dr ${i}`],
      );
      await client.query(`INSERT INTO "Practice" (id, name, "addressLine", postcode, commune, departement, "messagingWeeklyThreadLimit") VALUES ($1, $2, '1 rue', '69003', 'Lyon', '69', NULL)`, [ids.practice, `Cabinet ${i}`]);
      await client.query(`INSERT INTO "PracticeMembership" (id, "practiceId", "accountId", role) VALUES ($1, $2, $3, 'PRACTITIONER')`, [randomUUID(), ids.practice, ids.doctorAccount]);
      await client.query(
        `INSERT INTO "Practitioner" (id, "accountId", "practiceId", rpps, "firstName", "lastName", profession, "specialtyCode", "specialtyLabel", "addressLine", postcode, commune, departement, "messagingEnabled", "updatedAt")
         VALUES ($1, $2, $3, $4, 'Bench', $5, 'Médecin', 'SM54', 'Médecine générale', '1 rue', '69003', 'Lyon', '69', true, now())`,
        [ids.practitioner, ids.doctorAccount, ids.practice, String(90_000_000_000 + i), `Docteur${i}`],
      );
      await client.query(`INSERT INTO "Patient" (id, "accountId", "birthName", "firstNames", "birthDate", sex, "updatedAt") VALUES ($1, $2, $3, 'Bench', '1960-01-01', 'F', now())`, [ids.patient, ids.patientAccount, `PATIENT${i}`]);
      await client.query(`INSERT INTO "CareRelationship" (id, "patientId", "practitionerId", source) VALUES ($1, $2, $3, 'DECLARATION')`, [randomUUID(), ids.patient, ids.practitioner]);
      const placeholder = JSON.stringify({ bench: true });
      await client.query(
        `INSERT INTO "AccountKey" ("accountId", "publicKey", fingerprint, "encryptionKeyIds", "protectedPrivateKey", "updatedAt") VALUES ($1, $2, $3, $4, $5, now()), ($6, $7, $8, $9, $5, now())`,
        [ids.patientAccount, patientKey.publicKeyArmored, patientInfo.fingerprint, patientInfo.encryptionKeyIds, placeholder, ids.doctorAccount, doctorKey.publicKeyArmored, doctorInfo.fingerprint, doctorInfo.encryptionKeyIds],
      );
      await client.query(`INSERT INTO "PracticeKey" ("practiceId", "publicKey", fingerprint, "encryptionKeyIds", "createdById") VALUES ($1, $2, $3, $4, $5)`, [ids.practice, practiceKey.publicKeyArmored, practiceInfo.fingerprint, practiceInfo.encryptionKeyIds, ids.doctorAccount]);
      await client.query(`INSERT INTO "MessageThread" (id, "patientId", "practitionerId", "practiceId", purpose, "openedByAccountId", "updatedAt") VALUES ($1, $2, $3, $4, 'RENEWAL', $5, now())`, [ids.thread, ids.patient, ids.practitioner, ids.practice, ids.patientAccount]);
      const sessions = {};
      for (const [who, accountId] of [['patient', ids.patientAccount], ['doctor', ids.doctorAccount]]) {
        const token = randomBytes(32).toString('base64url');
        const csrf = randomBytes(32).toString('base64url');
        await client.query(
          // Last seen at a random moment of the past minute, as real sessions are: seeded all at once, every
          // session would restart its idle timer (a write, at most once a minute) in the same second.
          `INSERT INTO "Session" (id, "accountId", "csrfToken", "mfaVerified", "absoluteExpiresAt", "lastSeenAt") VALUES ($1, $2, $3, true, now() + interval '12 hours', now() - $4 * interval '1 millisecond')`,
          [sha256(token), accountId, csrf, Math.floor(Math.random() * 60_000)],
        );
        sessions[who] = { accountId, token, csrf };
      }
      const recipients = [patientKey.publicKeyArmored, doctorKey.publicKeyArmored, practiceKey.publicKeyArmored];
      const body = (from, text) => crypto.encryptText(JSON.stringify({ text: text.padEnd(900, '.') }), { recipients, signingKey: from });
      out.push({
        threadId: ids.thread,
        patient: { ...sessions.patient, body: await body(patientKey, `Renouvellement ${i}`) },
        doctor: { ...sessions.doctor, body: await body(doctorKey, `Réponse ${i}`) },
      });
      if ((i + 1) % 100 === 0) log(`seeded ${i + 1}/${pairs} pairs (${Math.round((Date.now() - started) / 1000)} s)`);
    }
    await client.query('COMMIT');
  } finally {
    await client.end();
  }
  return out;
}

/**
 * A second practice whose practitioner ALSO treats Marie Durand: the sharpest
 * test of "a practitioner cannot read another practice's threads", since
 * AccessPolicy alone would let him read Marie's record. Created in SQL (the
 * API has no practice sign-up yet), then enrolled in TOTP over HTTP.
 */
import { hash, Algorithm } from '@node-rs/argon2';
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { ApiClient } from '../../../../tools/test/http-client';
import { DEMO_PASSWORD } from '../../../../tools/test/demo-accounts';
import { totpCode } from '../../../../tools/test/totp';

export function databaseUrl(): string {
  const url = process.env['PASSERELLE_E2E_DATABASE_URL'];
  if (!url) throw new Error('PASSERELLE_E2E_DATABASE_URL is not set (run through the e2e global setup).');
  return url;
}

export async function withDatabase<T>(run: (db: Client) => Promise<T>): Promise<T> {
  const db = new Client({ connectionString: databaseUrl() });
  await db.connect();
  try {
    return await run(db);
  } finally {
    await db.end();
  }
}

/** Audit rows of one action, result and actor (every access to health data is traced). */
export const auditCount = (where: { action: string; result: string; actor: string }): Promise<number> =>
  withDatabase(async (db) =>
    Number((await db.query(`SELECT count(*) FROM "AuditEvent" WHERE action = $1 AND result = $2 AND "actorAccountId" = $3`, [where.action, where.result, where.actor])).rows[0].count),
  );

export async function createOtherPracticeTreating(patientEmail: string): Promise<{ client: ApiClient; email: string; accountId: string; practitionerId: string }> {
  const email = `autre-${randomUUID().slice(0, 8)}@passerelle.demo`;
  const accountId = randomUUID();
  const practiceId = randomUUID();
  const practitionerId = randomUUID();
  const passwordHash = await hash(DEMO_PASSWORD, { algorithm: Algorithm.Argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1 });
  await withDatabase(async (db) => {
    await db.query('BEGIN');
    await db.query(
      `INSERT INTO "Account" (id, email, audience, role, status, "displayName", "passwordHash", "updatedAt") VALUES ($1, $2, 'PRO', 'PRACTITIONER', 'ACTIVE', 'Dr Paul Autre', $3, now())`,
      [accountId, email, passwordHash],
    );
    await db.query(
      `INSERT INTO "Practice" (id, name, "addressLine", postcode, commune, departement) VALUES ($1, 'Cabinet de la Croix-Rousse', '1 place de la Croix-Rousse', '69004', 'Lyon', '69')`,
      [practiceId],
    );
    await db.query(`INSERT INTO "PracticeMembership" (id, "practiceId", "accountId", role) VALUES ($1, $2, $3, 'PRACTITIONER')`, [randomUUID(), practiceId, accountId]);
    await db.query(
      `INSERT INTO "Practitioner" (id, "accountId", "practiceId", rpps, "firstName", "lastName", profession, "specialtyCode", "specialtyLabel", "addressLine", postcode, commune, departement, "messagingEnabled", "updatedAt")
       VALUES ($1, $2, $3, $4, 'Paul', 'Autre', 'Médecin', 'SM54', 'Médecine générale', '1 place de la Croix-Rousse', '69004', 'Lyon', '69', true, now())`,
      [practitionerId, accountId, practiceId, String(Date.now()).slice(-11).padStart(11, '1')],
    );
    await db.query(
      `INSERT INTO "CareRelationship" (id, "patientId", "practitionerId", source) SELECT $1, p.id, $2, 'DECLARATION' FROM "Patient" p WHERE p.email = $3`,
      [randomUUID(), practitionerId, patientEmail],
    );
    await db.query('COMMIT');
  });
  const client = new ApiClient();
  const login = await client.post<{ stage: string }>('/api/auth/login', { email, password: DEMO_PASSWORD, space: 'pro' });
  if (login.body.stage !== 'mfa-enrolment-required') throw new Error(`unexpected stage ${login.body.stage}`);
  const start = await client.post<{ secret: string }>('/api/auth/mfa/enrolment');
  const confirm = await client.post('/api/auth/mfa/enrolment/confirm', { code: await totpCode(start.body.secret) });
  if (confirm.status !== 200) throw new Error(`enrolment failed: ${confirm.status} ${confirm.text}`);
  return { client, email, accountId, practitionerId };
}

import { Client } from 'pg';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { FormData, fetch as undiciFetch } from 'undici';
import { ATTACHMENT_TYPE_HEADER, REGULATION_ROUTES } from '@passerelle/shared/contracts';
import { encryptFile } from '@passerelle/shared/crypto';
import { ApiClient, ApiResponse } from '../../../../tools/test/http-client';
import { DEMO_ACCOUNTS, DEMO_PASSWORD, DEMO_TOTP_SECRET } from '../../../../tools/test/demo-accounts';

/** Helpers of the SAS regulation e2e tests. */

export const PDF_BYTES = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');
export const PNG_BYTES = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]);
export const EXE_BYTES = Buffer.from('MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff', 'latin1');

/** Paris wall-clock hour of an instant. */
export const parisHour = (iso: string): number =>
  Number(new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Paris', hour: '2-digit', hourCycle: 'h23' }).formatToParts(new Date(iso)).find((p) => p.type === 'hour')?.value);

/** What the regulator's browser sends: the file encrypted to the given public keys (unsigned: regulators have no key pair). */
export async function encryptedFor(content: Uint8Array, ...publicKeys: string[]): Promise<Buffer> {
  return Buffer.from(await encryptFile(new Uint8Array(content), { recipients: publicKeys, signingKey: null }));
}

/**
 * POST a file for a practitioner's practice as multipart/form-data (field
 * "file"), its type in X-Attachment-Type, with the client's session and CSRF token.
 */
export async function upload<T = unknown>(
  client: ApiClient,
  practitionerId: string,
  fileName: string,
  content: Buffer | Blob,
  options: { type?: string | null; field?: string } = {},
): Promise<ApiResponse<T>> {
  if (!client.cookies.has('XSRF-TOKEN')) await client.get('/api/auth/session');
  const form = new FormData();
  form.append(options.field ?? 'file', content instanceof Blob ? content : new Blob([new Uint8Array(content)]), fileName);
  const type = options.type === undefined ? typeFromName(fileName) : options.type;
  const response = await undiciFetch(new URL(REGULATION_ROUTES.attachments(practitionerId), client.baseUrl), {
    method: 'POST',
    body: form,
    headers: {
      accept: 'application/json',
      cookie: [...client.cookies].map(([n, v]) => `${n}=${v}`).join('; '),
      'x-xsrf-token': client.cookies.get('XSRF-TOKEN') ?? '',
      ...(type ? { [ATTACHMENT_TYPE_HEADER]: type } : {}),
    },
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: (text && (response.headers.get('content-type') ?? '').includes('json') ? JSON.parse(text) : text) as T, text };
}

const typeFromName = (fileName: string): string | null =>
  ({ pdf: 'application/pdf', png: 'image/png', jpg: 'image/jpeg', jpeg: 'image/jpeg' })[fileName.toLowerCase().split('.').pop() ?? ''] ?? null;

/** GET as bytes (an encrypted attachment). */
export async function downloadBytes(client: ApiClient, path: string): Promise<{ status: number; headers: Headers; bytes: Uint8Array }> {
  const response = await undiciFetch(new URL(path, client.baseUrl), { headers: { cookie: [...client.cookies].map(([n, v]) => `${n}=${v}`).join('; ') } });
  return { status: response.status, headers: response.headers as unknown as Headers, bytes: new Uint8Array(await response.arrayBuffer()) };
}

/** Files the API keeps under DATA_DIR/sas-attachments. */
export function storedAttachmentFiles(): string[] {
  const dataDir = process.env['PASSERELLE_E2E_DATA_DIR'];
  if (!dataDir) throw new Error('PASSERELLE_E2E_DATA_DIR is not set (see the e2e global setup)');
  try {
    return readdirSync(join(dataDir, 'sas-attachments'));
  } catch {
    return [];
  }
}

export async function withDatabase<T>(work: (db: Client) => Promise<T>): Promise<T> {
  const db = new Client({ connectionString: process.env['PASSERELLE_E2E_DATABASE_URL'] });
  await db.connect();
  try {
    return await work(db);
  } finally {
    await db.end();
  }
}

/**
 * More regulator accounts, logged in. Regulator accounts are created by the
 * admin / the national platform (another part of issue 4); here they are
 * copied in the database from the demo regulator (same password hash and
 * sealed TOTP secret), which is what that creation leaves behind.
 */
/** Copies a demo account (same password hash and sealed TOTP secret) under another e-mail; returns its id. */
async function copyDemoAccount(db: Client, from: string, email: string, displayName: string): Promise<string | undefined> {
  const inserted = await db.query<{ id: string }>(
    `INSERT INTO "Account" (id, email, audience, role, status, "displayName", "passwordHash", "passwordChangedAt", "totpSecretSealed", "totpEnabledAt", "updatedAt")
     SELECT gen_random_uuid(), $1, audience, role, status, $2, "passwordHash", "passwordChangedAt", "totpSecretSealed", "totpEnabledAt", now()
       FROM "Account" WHERE email = $3 AND audience = 'PRO'
     ON CONFLICT DO NOTHING RETURNING id`,
    [email, displayName, from],
  );
  return inserted.rows[0]?.id;
}

export async function extraRegulators(prefix: string, count: number): Promise<ApiClient[]> {
  await withDatabase(async (db) => {
    for (let i = 0; i < count; i++) {
      await copyDemoAccount(db, DEMO_ACCOUNTS.regulator.email, `${prefix}-${i}@regulation.passerelle.test`, `Régulateur ${prefix} ${i}`);
    }
  });
  // Logins in small batches: each one runs Argon2id on the API (memory-hard).
  const clients: ApiClient[] = [];
  for (let i = 0; i < count; i += 8) {
    clients.push(
      ...(await Promise.all(
        Array.from({ length: Math.min(8, count - i) }, async (_, j) => {
          const client = new ApiClient();
          await client.loginAs(`${prefix}-${i + j}@regulation.passerelle.test`, DEMO_PASSWORD, DEMO_TOTP_SECRET, 'pro');
          await client.enterFromSas();
          return client;
        }),
      )),
    );
  }
  return clients;
}

/** A practitioner of a new practice that has no practice key yet (nobody there opened the messaging): their id. */
export async function keylessPractitioner(): Promise<string> {
  return withDatabase(async (db) => {
    const accountId = await copyDemoAccount(db, DEMO_ACCOUNTS.practitioner.email, 'dr.sans-cle@cabinet-sans-cle.passerelle.test', 'Dr Paul Sans-Clé');
    if (!accountId) return (await db.query<{ id: string }>(`SELECT p.id FROM "Practitioner" p JOIN "Account" a ON a.id = p."accountId" WHERE a.email = 'dr.sans-cle@cabinet-sans-cle.passerelle.test'`)).rows[0].id;
    const practice = await db.query<{ id: string }>(
      `INSERT INTO "Practice" (id, name, "addressLine", postcode, commune, departement) VALUES (gen_random_uuid(), 'Cabinet sans clé', '3 rue de la République', '69002', 'Lyon', '69') RETURNING id`,
    );
    await db.query(`INSERT INTO "PracticeMembership" (id, "practiceId", "accountId", role) VALUES (gen_random_uuid(), $1, $2, 'PRACTITIONER')`, [practice.rows[0].id, accountId]);
    const practitioner = await db.query<{ id: string }>(
      `INSERT INTO "Practitioner" (id, "accountId", "practiceId", rpps, "firstName", "lastName", profession, "specialtyCode", "specialtyLabel", "addressLine", postcode, commune, departement, "updatedAt")
       VALUES (gen_random_uuid(), $1, $2, '10109876543', 'Paul', 'Sans-Clé', 'Médecin', 'SM54', 'Médecine générale', '3 rue de la République', '69002', 'Lyon', '69', now()) RETURNING id`,
      [accountId, practice.rows[0].id],
    );
    return practitioner.rows[0].id;
  });
}

/** The secretary of another practice (a copy of the demo secretary, attached to a new practice), logged in. */
export async function otherPracticeSecretary(): Promise<ApiClient> {
  const email = 'secretariat@cabinet-voisin.passerelle.test';
  await withDatabase(async (db) => {
    const accountId = await copyDemoAccount(db, DEMO_ACCOUNTS.secretary.email, email, 'Secrétariat du cabinet voisin');
    if (!accountId) return;
    const practice = await db.query<{ id: string }>(
      `INSERT INTO "Practice" (id, name, "addressLine", postcode, commune, departement) VALUES (gen_random_uuid(), 'Cabinet voisin', '2 rue de la République', '69002', 'Lyon', '69') RETURNING id`,
    );
    await db.query(`INSERT INTO "PracticeMembership" (id, "practiceId", "accountId", role) VALUES (gen_random_uuid(), $1, $2, 'SECRETARY')`, [practice.rows[0].id, accountId]);
  });
  const client = new ApiClient();
  await client.loginAs(email, DEMO_PASSWORD, DEMO_TOTP_SECRET, 'pro');
  return client;
}

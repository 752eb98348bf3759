import { randomInt } from 'node:crypto';
import { Client } from 'pg';
import { ApiClient, ApiResponse, RequestOptions } from '../../../../tools/test/http-client';

/** The national SAS platform calling through the TLS terminator: its verified certificate in the trusted headers. */
export class SasPlatform {
  readonly http = new ApiClient();

  constructor(readonly certificate: { dn?: string; verify?: string } = { dn: process.env['PASSERELLE_E2E_SAS_CLIENT_DN'], verify: 'SUCCESS' }) {}

  private headers(extra: Record<string, string> = {}): Record<string, string> {
    return {
      accept: 'application/json+fhir',
      ...(this.certificate.dn !== undefined ? { 'x-ssl-client-s-dn': this.certificate.dn } : {}),
      ...(this.certificate.verify !== undefined ? { 'x-ssl-client-verify': this.certificate.verify } : {}),
      ...extra,
    };
  }

  get<T = FhirResource>(path: string, options: RequestOptions = {}): Promise<ApiResponse<T>> {
    return this.http.get<T>(path, { ...options, headers: this.headers({ 'content-type': 'application/json', ...options.headers }) });
  }

  send<T = FhirResource>(method: 'POST' | 'PUT', path: string, body: unknown, options: RequestOptions = {}): Promise<ApiResponse<T>> {
    return this.http.request<T>(method, path, { ...options, withoutCsrf: true, rawBody: options.rawBody ?? JSON.stringify(body), headers: this.headers({ 'content-type': 'application/json', ...options.headers }) });
  }
}

export type FhirResource = { resourceType: string; id?: string; meta?: { profile?: string[]; security?: { system: string; code: string }[] }; [key: string]: unknown };
export interface BundleEntry { fullUrl: string; resource: FhirResource; search: { mode: string }; request?: unknown; response?: unknown }
export interface Bundle extends FhirResource { type: string; total: number; link: { relation: string; url: string }[]; entry?: BundleEntry[] }

/** A fresh, valid 11-digit RPPS (stored form, without the IDNPS "8"). */
export const freshRpps = (): string => `1${String(randomInt(0, 1e9)).padStart(9, '0')}${randomInt(0, 10)}`;

export interface PlaceFixture {
  name: string;
  /** Paris wall-time minutes, every day of the week. */
  startMinute: number;
  endMinute: number;
  consultationTypes?: string[];
}

export interface MotifFixture {
  label: string;
  openToNewPatients: boolean;
  bookableOnline: boolean;
  isSnp?: boolean;
  consultationTypes?: string[];
  /** Every day of the week, Paris wall time; none = every opening range. */
  range?: { startMinute: number; endMinute: number };
}

export interface PractitionerFixture {
  sasParticipation: boolean;
  acceptsNewPatients?: boolean;
  places: PlaceFixture[];
  motifs: MotifFixture[];
  finess?: string | null;
  siret?: string | null;
  phone?: string | null;
}

export interface CreatedPractitioner {
  id: string;
  rpps: string;
  accountEmail: string;
  placeIds: string[];
  firstName: string;
  lastName: string;
}

export function database(): Client {
  const url = process.env['PASSERELLE_E2E_DATABASE_URL'];
  if (!url) throw new Error('PASSERELLE_E2E_DATABASE_URL is not set: run through the e2e global setup.');
  return new Client({ connectionString: url });
}

/**
 * A practitioner with several places of consultation, which no endpoint
 * creates (the practice has one place each): written straight into the
 * test database, with hours every day so that the next 72 h have slots.
 */
export async function createPractitioner(db: Client, f: PractitionerFixture): Promise<CreatedPractitioner> {
  const rpps = freshRpps();
  const firstName = 'Inès';
  const lastName = `Fixture-${rpps.slice(-5)}`;
  const email = `sas-fixture-${rpps}@passerelle.test`;
  const { rows: [practice] } = await db.query<{ id: string }>(
    `INSERT INTO "Practice" (id, name, finess, siret, "addressLine", postcode, commune, departement, phone)
     VALUES (gen_random_uuid(), $1, $2, $3, '4 rue des Lilas', '69003', 'Lyon', '69', '+33478112233') RETURNING id`,
    [`Cabinet ${lastName}`, f.finess === undefined ? `1${rpps.slice(0, 9)}` : f.finess, f.siret ?? null],
  );
  const { rows: [account] } = await db.query<{ id: string }>(
    `INSERT INTO "Account" (id, email, audience, role, status, "displayName", "updatedAt")
     VALUES (gen_random_uuid(), $1, 'PRO', 'PRACTITIONER', 'ACTIVE', $2, now()) RETURNING id`,
    [email, `Dr ${firstName} ${lastName}`],
  );
  const { rows: [practitioner] } = await db.query<{ id: string }>(
    `INSERT INTO "Practitioner" (id, "accountId", "practiceId", rpps, "firstName", "lastName", profession, "specialtyCode", "specialtyLabel", phone,
       "addressLine", postcode, commune, departement, "acceptsNewPatients", "sasParticipation", "slotMinutes", "updatedAt")
     VALUES (gen_random_uuid(), $1, $2, $3, $4, $5, 'Médecin', 'SM54', 'Médecine générale', $6, '4 rue des Lilas', '69003', 'Lyon', '69', $7, $8, 30, now())
     RETURNING id`,
    [account.id, practice.id, rpps, firstName, lastName, f.phone === undefined ? '04 78 11 22 33' : f.phone, f.acceptsNewPatients ?? true, f.sasParticipation],
  );
  const placeIds: string[] = [];
  for (const [index, place] of f.places.entries()) {
    const { rows: [row] } = await db.query<{ id: string }>(
      `INSERT INTO "ConsultationPlace" (id, "practitionerId", name, "addressLine", postcode, commune, departement, "createdAt")
       VALUES (gen_random_uuid(), $1, $2, $3, $4, 'Lyon', '69', now() + $5 * interval '1 second') RETURNING id`,
      [practitioner.id, place.name, `${index + 1} place Bellecour`, `6900${index + 1}`, index],
    );
    placeIds.push(row.id);
    for (let weekday = 1; weekday <= 7; weekday++) {
      await db.query(
        `INSERT INTO "OpeningRange" (id, "practitionerId", "placeId", weekday, "startMinute", "endMinute", "consultationTypes")
         VALUES (gen_random_uuid(), $1, $2, $3, $4, $5, $6::"ConsultationType"[])`,
        [practitioner.id, row.id, weekday, place.startMinute, place.endMinute, place.consultationTypes ?? ['CABINET']],
      );
    }
  }
  for (const motif of f.motifs) {
    const { rows: [row] } = await db.query<{ id: string }>(
      `INSERT INTO "Motif" (id, "practitionerId", label, "durationMinutes", "consultationTypes", "openToNewPatients", "bookableOnline", "isSnp")
       VALUES (gen_random_uuid(), $1, $2, 30, $3::"ConsultationType"[], $4, $5, $6) RETURNING id`,
      [practitioner.id, motif.label, motif.consultationTypes ?? ['CABINET', 'VIDEO'], motif.openToNewPatients, motif.bookableOnline, motif.isSnp ?? false],
    );
    if (motif.range) {
      for (let weekday = 1; weekday <= 7; weekday++) {
        await db.query(`INSERT INTO "MotifRange" (id, "motifId", weekday, "startMinute", "endMinute") VALUES (gen_random_uuid(), $1, $2, $3, $4)`, [
          row.id, weekday, motif.range.startMinute, motif.range.endMinute,
        ]);
      }
    }
  }
  return { id: practitioner.id, rpps, accountEmail: email, placeIds, firstName, lastName };
}

/** The kit's date form: milliseconds and an explicit offset. */
export const kitDate = (d: Date): string => d.toISOString().replace('Z', '+00:00');

/** The slot search exactly as the kit encodes it (`|` → %7C, `+` → %2B, keys sorted). */
export function kitSlotSearch(identifiers: string[], from: Date, to: Date): string {
  const ids = identifiers.map((v) => `urn:oid:1.2.250.1.71.4.2.1%7C${v}`).join(',');
  const enc = (d: Date) => kitDate(d).replace('+', '%2B');
  return `/fhir/Slot?_include=Slot:schedule&_include:iterate=Schedule:actor&schedule.actor:Practitioner.identifier=${ids}&start=ge${enc(from)}&start=le${enc(to)}&status=free`;
}

import { gunzipSync } from 'node:zlib';
import { Client } from 'pg';
import { request as rawRequest } from 'undici';
import { ApiClient } from '../../../../tools/test/http-client';
import { DEMO_ACCOUNTS } from '../../../../tools/test/demo-accounts';
import { Bundle, BundleEntry, createPractitioner, CreatedPractitioner, database, FhirResource, kitDate, kitSlotSearch, SasPlatform } from './sas-support';

/**
 * INT_R01 (note sas-fhir.md §1 and §5), as the national test kit calls it:
 * the platform's certificate checked, the request encoded like the kit's,
 * and every rule of the aggregation Bundle asserted on real agendas.
 */
const PROFILES = {
  bundle: 'http://sas.fr/fhir/StructureDefinition/BundleAgregateur',
  Slot: 'http://sas.fr/fhir/StructureDefinition/FrSlotAgregateur',
  Schedule: 'http://sas.fr/fhir/StructureDefinition/FrScheduleAgregateur',
  Practitioner: 'http://sas.fr/fhir/StructureDefinition/FrPractitionerAgregateur',
  PractitionerRole: 'http://sas.fr/fhir/StructureDefinition/FrPractitionerRoleExerciceAgregateur',
  Location: 'http://sas.fr/fhir/StructureDefinition/FrLocationAgregateur',
} as const;
const IDNPS = 'urn:oid:1.2.250.1.71.4.2.1';
const SLOT_TYPE = 'https://mos.esante.gouv.fr/NOS/TRE_R314-TypeCreneau/FHIR/TRE-R314-TypeCreneau';
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}[+-]\d{2}:\d{2}$/;
const HOUR = 3_600_000;

const parisHour = (iso: string) =>
  Number(new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Paris', hour: '2-digit', hourCycle: 'h23' }).formatToParts(new Date(iso)).find((p) => p.type === 'hour')?.value);
const resources = (bundle: Bundle, type: string): FhirResource[] => (bundle.entry ?? []).filter((e) => e.resource.resourceType === type).map((e) => e.resource);
const resolve = (bundle: Bundle, reference: string): FhirResource | undefined => (bundle.entry ?? []).find((e) => `${e.resource.resourceType}/${e.resource.id}` === reference)?.resource;
const securityCodes = (slot: FhirResource) => (slot.meta?.security ?? []).map((s) => s.code);

/** The kit compares the parsed query of the self link with its own request, each key's values sorted. */
function parsedQuery(url: string): Record<string, string[]> {
  const params = new URL(url, 'http://x').searchParams;
  const out: Record<string, string[]> = {};
  for (const key of new Set(params.keys())) out[key] = params.getAll(key).sort();
  return out;
}

describe('FHIR slot aggregation for the SAS platform (INT_R01)', () => {
  const platform = new SasPlatform();
  let db: Client;
  let twoPlaces: CreatedPractitioner;
  let snpOnly: CreatedPractitioner;
  let notInSas: CreatedPractitioner;
  let noNewPatients: CreatedPractitioner;

  beforeAll(async () => {
    db = database();
    await db.connect();
    const newPatients = { label: 'Consultation nouveaux patients', openToNewPatients: true, bookableOnline: true };
    twoPlaces = await createPractitioner(db, {
      sasParticipation: true,
      places: [
        { name: 'Cabinet du matin', startMinute: 0, endMinute: 12 * 60, consultationTypes: ['CABINET'] },
        { name: 'Maison de santé', startMinute: 12 * 60, endMinute: 24 * 60, consultationTypes: ['CABINET', 'VIDEO'] },
      ],
      motifs: [newPatients, { label: 'Suivi (patients connus)', openToNewPatients: false, bookableOnline: true }],
    });
    snpOnly = await createPractitioner(db, {
      sasParticipation: true,
      places: [{ name: 'Cabinet', startMinute: 0, endMinute: 24 * 60 }],
      motifs: [
        { label: 'Suivi (patients connus)', openToNewPatients: false, bookableOnline: true },
        { label: 'Soins non programmés', openToNewPatients: true, bookableOnline: false, isSnp: true, consultationTypes: ['CABINET'], range: { startMinute: 8 * 60, endMinute: 10 * 60 } },
      ],
      finess: null,
      siret: '312345678900012',
    });
    notInSas = await createPractitioner(db, { sasParticipation: false, places: [{ name: 'Cabinet', startMinute: 0, endMinute: 24 * 60 }], motifs: [newPatients] });
    // Open to new patients on the motif, but the practitioner takes none: not eligible.
    noNewPatients = await createPractitioner(db, { sasParticipation: true, acceptsNewPatients: false, places: [{ name: 'Cabinet', startMinute: 0, endMinute: 24 * 60 }], motifs: [newPatients] });
  });

  afterAll(async () => {
    await db.end();
  });

  const window = () => {
    const from = new Date(Date.now() + HOUR);
    return { from, to: new Date(from.getTime() + 71 * HOUR) };
  };

  it('answers the kit-encoded search for two practitioners with a valid aggregation Bundle', async () => {
    const { from, to } = window();
    const path = kitSlotSearch([`8${twoPlaces.rpps}`, `8${snpOnly.rpps}`], from, to);
    const response = await platform.get<Bundle>(path);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/fhir\+json; charset=utf-8$/i);
    const bundle = response.body;

    // Bundle
    expect(bundle.resourceType).toBe('Bundle');
    expect(bundle.meta?.profile).toEqual([PROFILES.bundle]);
    expect(bundle.type).toBe('searchset');
    expect(bundle.link).toHaveLength(1);
    expect(bundle.link[0].relation).toBe('self');
    expect(parsedQuery(bundle.link[0].url)).toEqual(parsedQuery(path));
    const entries = bundle.entry ?? [];
    const slots = resources(bundle, 'Slot');
    expect(slots.length).toBeGreaterThan(0);
    expect(bundle.total).toBe(slots.length);

    // Entries: fullUrl, search mode, one profile each, no request/response, each resource once.
    const base = new URL(bundle.link[0].url).origin + '/fhir';
    for (const entry of entries as BundleEntry[]) {
      const { resource } = entry;
      expect(entry.fullUrl).toBe(`${base}/${resource.resourceType}/${resource.id}`);
      expect(entry.search.mode).toBe(resource.resourceType === 'Slot' ? 'match' : 'include');
      expect(entry.request).toBeUndefined();
      expect(entry.response).toBeUndefined();
      expect(resource.meta?.profile).toEqual([PROFILES[resource.resourceType as keyof typeof PROFILES]]);
    }
    expect(new Set(entries.map((e) => e.fullUrl)).size).toBe(entries.length);

    // Slots
    for (const slot of slots) {
      expect(slot['status']).toBe('free');
      const start = slot['start'] as string;
      const end = slot['end'] as string;
      expect(start).toMatch(INSTANT);
      expect(end).toMatch(INSTANT);
      expect(Date.parse(start)).toBeLessThan(Date.parse(end));
      expect(Date.parse(start)).toBeGreaterThanOrEqual(from.getTime());
      expect(Date.parse(start)).toBeLessThanOrEqual(to.getTime());
      expect(resolve(bundle, (slot['schedule'] as { reference: string }).reference)?.resourceType).toBe('Schedule');
      expect(slot.meta?.security?.length).toBeGreaterThan(0);
      for (const s of slot.meta?.security ?? []) {
        expect(s.system).toBe(SLOT_TYPE);
        expect(['PUBLIC', 'PRO', 'SNP']).toContain(s.code);
      }
      const serviceType = slot['serviceType'] as { coding?: { system: string; code: string }[]; text?: string }[];
      const coded = serviceType.filter((s) => s.coding);
      expect(coded.length).toBeGreaterThan(0);
      for (const s of coded) {
        expect(s.coding).toEqual([{ system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: expect.stringMatching(/^(AMB|HH|VR)$/) }]);
      }
      for (const s of serviceType.filter((x) => !x.coding)) expect(s.text).toEqual(expect.any(String));
      const specialty = slot['specialty'] as { coding: { system: string; code: string }[] }[];
      expect(specialty[0].coding[0]).toEqual(expect.objectContaining({ system: 'https://mos.esante.gouv.fr/NOS/TRE_R38-SpecialiteOrdinale/FHIR/TRE-R38-SpecialiteOrdinale', code: 'SM54' }));
      expect((slot['appointmentType'] as { coding: { system: string; code: string }[] }).coding[0]).toEqual({ system: 'http://terminology.hl7.org/CodeSystem/v2-0276', code: 'ROUTINE' });
      const comment = slot['comment'] as string;
      expect(comment.trim()).not.toBe('');
      expect(comment).toContain('?');
    }

    // Schedules: exactly one Practitioner and the PractitionerRole, both resolving; no serviceType.
    for (const schedule of resources(bundle, 'Schedule')) {
      const actors = (schedule['actor'] as { reference: string }[]).map((a) => a.reference);
      expect(actors.filter((a) => a.startsWith('Practitioner/'))).toHaveLength(1);
      expect(actors.filter((a) => a.startsWith('PractitionerRole/'))).toHaveLength(1);
      for (const a of actors) expect(resolve(bundle, a)).toBeDefined();
      expect(schedule['serviceType']).toBeUndefined();
    }

    // Practitioners: one per practitioner, one IDNPS identifier equal to the queried one.
    const practitioners = resources(bundle, 'Practitioner');
    expect(practitioners).toHaveLength(2);
    expect(practitioners.map((p) => (p['identifier'] as { value: string }[])[0].value).sort()).toEqual([`8${twoPlaces.rpps}`, `8${snpOnly.rpps}`].sort());
    for (const p of practitioners) {
      expect(p['identifier']).toEqual([
        { type: { coding: [{ system: 'http://interopsante.org/fhir/CodeSystem/fr-v2-0203', code: 'IDNPS' }] }, system: IDNPS, value: expect.stringMatching(/^8\d{11}$/) },
      ]);
      const [name] = p['name'] as { family: string; given: string[] }[];
      expect(name.family).toBeTruthy();
      expect(name.given[0]).toBeTruthy();
    }

    // PractitionerRoles: practitioner, organisation (FINESS or SIRET), phone, one contained Location.
    const roles = resources(bundle, 'PractitionerRole');
    expect(roles.length).toBeGreaterThanOrEqual(2);
    for (const role of roles) {
      expect(resolve(bundle, (role['practitioner'] as { reference: string }).reference)?.resourceType).toBe('Practitioner');
      const organization = role['organization'] as { identifier: { type: unknown; system: string; value: string } };
      expect(organization.identifier.type).toEqual({ coding: [{ system: 'http://interopsante.org/fhir/CodeSystem/fr-v2-0203', code: 'IDNST' }] });
      expect(organization.identifier.system).toBe('urn:oid:1.2.250.1.71.4.2.2');
      expect(organization.identifier.value).toMatch(/^(1\d{9}|3\d{14}|4\d{14})$/);
      expect((role['telecom'] as { system: string; value: string }[])[0]).toEqual({ system: 'phone', value: expect.stringMatching(/^\+(33|262|590|596|594)\d{9}$/) });
      const contained = role['contained'] as FhirResource[];
      expect(contained).toHaveLength(1);
      const [location] = contained;
      expect(location.resourceType).toBe('Location');
      expect(role['location']).toEqual([{ reference: `#${location.id}` }]);
      const identifiers = location['identifier'] as { type: { coding: unknown[] }; system: string; value: string }[];
      expect(identifiers.length).toBeGreaterThanOrEqual(1);
      for (const i of identifiers) {
        expect(i.type.coding.length).toBe(1);
        expect(i.system).toBeTruthy();
        expect(i.value).toBeTruthy();
      }
      const address = location['address'] as { line: string[]; city: string; postalCode: string };
      expect(address.line).toHaveLength(1);
      expect(address.city).toBeTruthy();
      expect(address.postalCode).toMatch(/^[0-9]{5}$/);
      expect(location.meta).toEqual({ profile: [PROFILES.Location] });
    }
  });

  it('returns one Practitioner, and one PractitionerRole and Schedule per place, for a practitioner with two places', async () => {
    const { from, to } = window();
    const { status, body } = await platform.get<Bundle>(kitSlotSearch([`8${twoPlaces.rpps}`], from, to));
    expect(status).toBe(200);
    expect(resources(body, 'Practitioner')).toHaveLength(1);
    const roles = resources(body, 'PractitionerRole');
    const schedules = resources(body, 'Schedule');
    expect(roles).toHaveLength(2);
    expect(schedules).toHaveLength(2);
    const practitionerRef = `Practitioner/${resources(body, 'Practitioner')[0].id}`;
    const roleRefs = schedules.map((s) => {
      const actors = (s['actor'] as { reference: string }[]).map((a) => a.reference);
      expect(actors).toContain(practitionerRef);
      return actors.find((a) => a.startsWith('PractitionerRole/'));
    });
    expect(new Set(roleRefs).size).toBe(2);
    const cities = roles.map((r) => ((r['contained'] as FhirResource[])[0]['address'] as { postalCode: string }).postalCode).sort();
    expect(cities).toEqual(['69001', '69002']);
    // Morning slots at the first place, afternoon slots at the second; video only where the place offers it.
    for (const slot of resources(body, 'Slot')) {
      const schedule = (slot['schedule'] as { reference: string }).reference;
      const hour = parisHour(slot['start'] as string);
      const codes = (slot['serviceType'] as { coding?: { code: string }[] }[]).flatMap((s) => s.coding ?? []).map((c) => c.code);
      if (schedule === `Schedule/${twoPlaces.placeIds[0]}`) {
        expect(hour).toBeLessThan(12);
        expect(codes).toEqual(['AMB']);
      } else {
        expect(schedule).toBe(`Schedule/${twoPlaces.placeIds[1]}`);
        expect(hour).toBeGreaterThanOrEqual(12);
        expect(codes.sort()).toEqual(['AMB', 'VR']);
      }
      expect(securityCodes(slot)).toEqual(['PUBLIC']);
      // Only the motif the SAS may book is named, never the one reserved to known patients.
      expect((slot['serviceType'] as { text?: string }[]).filter((s) => s.text).map((s) => s.text)).toEqual(['Consultation nouveaux patients']);
    }
  });

  it('shows only SAS-eligible slots: "Soins non programmés" ranges (SNP), nothing for a non-participant or a practitioner who takes no new patients', async () => {
    const { from, to } = window();
    const snp = await platform.get<Bundle>(kitSlotSearch([`8${snpOnly.rpps}`], from, to));
    const slots = resources(snp.body, 'Slot');
    expect(slots.length).toBeGreaterThan(0);
    for (const slot of slots) {
      expect(securityCodes(slot)).toEqual(['SNP']);
      expect([8, 9]).toContain(parisHour(slot['start'] as string));
      expect((slot['serviceType'] as { text?: string }[]).filter((s) => s.text).map((s) => s.text)).toEqual(['Soins non programmés']);
    }
    // SIRET when there is no FINESS.
    expect((resources(snp.body, 'PractitionerRole')[0]['organization'] as { identifier: { value: string } }).identifier.value).toBe('312345678900012');

    for (const who of [notInSas, noNewPatients]) {
      const { status, body } = await platform.get<Bundle>(kitSlotSearch([`8${who.rpps}`], from, to));
      expect(status).toBe(200);
      expect(body.total).toBe(0);
      expect(body.entry).toBeUndefined();
    }
  });

  it('hides a slot once it is booked', async () => {
    const { from, to } = window();
    const before = await platform.get<Bundle>(kitSlotSearch([`8${snpOnly.rpps}`], from, to));
    const first = resources(before.body, 'Slot')[0];
    const patient = await db.query<{ id: string }>(`SELECT id FROM "Patient" LIMIT 1`);
    await db.query(
      `INSERT INTO "Appointment" (id, "practitionerId", "placeId", "patientId", "motifLabel", "consultationType", "startsAt", "endsAt", channel, "updatedAt")
       VALUES (gen_random_uuid(), $1, $2, $3, 'Soins non programmés', 'CABINET', $4, $5, 'PRACTICE', now())`,
      [snpOnly.id, snpOnly.placeIds[0], patient.rows[0].id, first['start'], first['end']],
    );
    const after = await platform.get<Bundle>(kitSlotSearch([`8${snpOnly.rpps}`], from, to));
    expect(resources(after.body, 'Slot').map((s) => s['start'])).not.toContain(first['start']);
    expect(after.body.total).toBe(before.body.total - 1);
  });

  it('answers the kit\'s "valid certificate" search (unknown RPPS, past window) with an empty 200 Bundle', async () => {
    const path = '/fhir/Slot?_include=Slot:schedule&_include:iterate=Schedule:actor&schedule.actor:Practitioner.identifier=urn:oid:1.2.250.1.71.4.2.1%7C810101215225&start=ge2024-01-01T00:00:00.000%2B00:00&start=le2024-01-03T23:59:59.999%2B00:00&status=free';
    const { status, body } = await platform.get<Bundle>(path);
    expect(status).toBe(200);
    expect(body).toEqual({ resourceType: 'Bundle', meta: { profile: [PROFILES.bundle] }, type: 'searchset', total: 0, link: [{ relation: 'self', url: expect.stringContaining('/fhir/Slot?') }] });
  });

  it('returns nothing for a past window of a known practitioner', async () => {
    const from = new Date(Date.now() - 72 * HOUR);
    const { body } = await platform.get<Bundle>(kitSlotSearch([`8${twoPlaces.rpps}`], from, new Date(from.getTime() + 48 * HOUR)));
    expect(body.total).toBe(0);
    expect(body.entry).toBeUndefined();
  });

  it('accepts the other forms the IG and query parsers produce: repeated parameters, a space after the comma, RPPS without the 8, a raw "+", no offset, _count and _format', async () => {
    const { from, to } = window();
    const reference = await platform.get<Bundle>(kitSlotSearch([`8${twoPlaces.rpps}`, `8${snpOnly.rpps}`], from, to));
    const ids = (b: Bundle) => resources(b, 'Slot').map((s) => s.id).sort();
    const ge = kitDate(from);
    const le = kitDate(to);
    const variants = [
      `/fhir/Slot?schedule.actor:Practitioner.identifier=${IDNPS}|8${twoPlaces.rpps}&schedule.actor:Practitioner.identifier=${IDNPS}|8${snpOnly.rpps}&start=ge${ge.replace('+', '%2B')}&start=le${le.replace('+', '%2B')}&status=free&_count=1000&_format=json`,
      `/fhir/Slot?schedule.actor:Practitioner.identifier=${IDNPS}%7C8${twoPlaces.rpps},%20${IDNPS}%7C${snpOnly.rpps}&start=ge${ge}&start=le${le}&status=free`,
    ];
    for (const path of variants) {
      const { status, body } = await platform.get<Bundle>(path);
      expect(status).toBe(200);
      expect(ids(body)).toEqual(ids(reference.body));
      expect(resources(body, 'Practitioner').map((p) => (p['identifier'] as { value: string }[])[0].value).sort()).toEqual([`8${twoPlaces.rpps}`, `8${snpOnly.rpps}`].sort());
    }
    // No offset: Paris wall time (IG example `ge2021-01-02T10:00:00`).
    const paris = (d: Date) => new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Paris', dateStyle: 'short', timeStyle: 'medium' }).format(d).replace(' ', 'T');
    const local = await platform.get<Bundle>(`/fhir/Slot?schedule.actor:Practitioner.identifier=${twoPlaces.rpps}&start=ge${paris(from)}&start=le${paris(to)}`);
    expect(local.status).toBe(200);
    expect(ids(local.body).length).toBeGreaterThan(0);
    for (const slot of resources(local.body, 'Slot')) expect(Date.parse(slot['start'] as string)).toBeGreaterThanOrEqual(from.getTime() - 1000);
  });

  it('sends the Bundle gzip-compressed to a client that accepts it, and as is to one that does not', async () => {
    const { from, to } = window();
    const path = kitSlotSearch([`8${twoPlaces.rpps}`, `8${snpOnly.rpps}`], from, to);
    const certificate = { 'x-ssl-client-s-dn': process.env['PASSERELLE_E2E_SAS_CLIENT_DN'] ?? '', 'x-ssl-client-verify': 'SUCCESS', accept: 'application/json+fhir' };
    // undici's request() decodes nothing: what the platform's client receives on the wire.
    const get = async (acceptEncoding: string) => {
      const response = await rawRequest(new URL(path, platform.http.baseUrl), { headers: { ...certificate, 'accept-encoding': acceptEncoding } });
      const bytes = Buffer.from(await response.body.arrayBuffer());
      return { status: response.statusCode, headers: response.headers, bytes };
    };
    const gzipped = await get('gzip;q=1.0,deflate;q=0.6,identity;q=0.3');
    const plain = await get('identity');
    expect(gzipped.status).toBe(200);
    expect(plain.status).toBe(200);
    expect(gzipped.headers['content-encoding']).toBe('gzip');
    expect(plain.headers['content-encoding']).toBeUndefined();
    for (const { headers, bytes } of [gzipped, plain]) {
      expect(headers['content-type']).toMatch(/^application\/fhir\+json; charset=utf-8$/i);
      expect(headers['vary']).toMatch(/Accept-Encoding/i);
      expect(Number(headers['content-length'])).toBe(bytes.length);
    }
    expect(gzipped.bytes.length).toBeLessThan(plain.bytes.length / 5);
    const bundle = JSON.parse(gunzipSync(gzipped.bytes).toString('utf8')) as Bundle;
    expect(resources(bundle, 'Slot').length).toBeGreaterThan(0);
    expect(bundle).toEqual(JSON.parse(plain.bytes.toString('utf8')));
  });

  it('serves 25 identifiers in one call and refuses 26 with an OperationOutcome', async () => {
    const { from, to } = window();
    const others = Array.from({ length: 23 }, (_, i) => `8${String(19000000000 + i)}`);
    const ok = await platform.get<Bundle>(kitSlotSearch([`8${twoPlaces.rpps}`, `8${snpOnly.rpps}`, ...others], from, to));
    expect(ok.status).toBe(200);
    expect(resources(ok.body, 'Practitioner')).toHaveLength(2);
    const tooMany = await platform.get<FhirResource>(kitSlotSearch([`8${twoPlaces.rpps}`, `8${snpOnly.rpps}`, ...others, '810101215225'], from, to));
    expect(tooMany.status).toBe(400);
    expect(tooMany.headers.get('content-type')).toContain('application/fhir+json');
    expect(tooMany.body.resourceType).toBe('OperationOutcome');
    expect(JSON.stringify(tooMany.body)).toContain('25 praticiens au plus');
  });

  it('refuses malformed searches with a French OperationOutcome', async () => {
    const { from } = window();
    const cases: [string, RegExp][] = [
      ['/fhir/Slot?start=ge2026-01-01T00:00:00.000%2B00:00', /obligatoire/],
      [`/fhir/Slot?schedule.actor:Practitioner.identifier=${IDNPS}%7C8${twoPlaces.rpps}&start=gedemain`, /Date de début invalide/],
      [`/fhir/Slot?schedule.actor:Practitioner.identifier=${IDNPS}%7C8${twoPlaces.rpps}&start=ge2026-02-30T10:00:00`, /Date de début invalide/],
      [`/fhir/Slot?schedule.actor:Practitioner.identifier=${IDNPS}%7C8${twoPlaces.rpps}&start=ge${kitDate(from).replace('+', '%2B')}&start=le2020-01-01T00:00:00.000%2B00:00`, /précède/],
      [`/fhir/Slot?schedule.actor:Practitioner.identifier=${IDNPS}%7C8${twoPlaces.rpps}&start=ge2026-01-01&start=le2026-06-01`, /limitée à 31 jours/],
    ];
    for (const [path, message] of cases) {
      const { status, body } = await platform.get<{ resourceType: string; issue: { severity: string; code: string; diagnostics: string }[] }>(path);
      expect(status).toBe(400);
      expect(body.resourceType).toBe('OperationOutcome');
      expect(body.issue[0]).toEqual(expect.objectContaining({ severity: 'error', code: 'invalid', diagnostics: expect.stringMatching(message) }));
    }
    const unknown = await platform.get<{ resourceType: string; issue: { code: string }[] }>('/fhir/Patient');
    expect(unknown.status).toBe(404);
    expect(unknown.body.resourceType).toBe('OperationOutcome');
    expect(unknown.body.issue[0].code).toBe('not-found');
  });

  it('serves the CapabilityStatement', async () => {
    const { status, body, headers } = await platform.get<FhirResource>('/fhir/metadata');
    expect(status).toBe(200);
    expect(headers.get('content-type')).toContain('application/fhir+json');
    expect(body).toEqual(expect.objectContaining({ resourceType: 'CapabilityStatement', fhirVersion: '4.0.1', format: ['application/fhir+json'], implementationGuide: ['https://interop.esante.gouv.fr/ig/fhir/sas'] }));
    const [rest] = body['rest'] as { mode: string; resource: { type: string; interaction: { code: string }[]; searchInclude?: string[]; searchParam?: { name: string; definition?: string }[]; conditionalUpdate?: boolean; updateCreate?: boolean }[] }[];
    expect(rest.mode).toBe('server');
    const slot = rest.resource.find((r) => r.type === 'Slot');
    expect(slot?.searchInclude).toEqual(['Slot:schedule', 'Schedule:actor']);
    expect(slot?.searchParam).toContainEqual(expect.objectContaining({ name: 'start', definition: 'https://interop.esante.gouv.fr/ig/fhir/sas/SearchParameter/slot-sp-start' }));
    const practitioner = rest.resource.find((r) => r.type === 'Practitioner');
    expect(practitioner?.interaction.map((i) => i.code)).toEqual(expect.arrayContaining(['create', 'update']));
    expect(practitioner).toEqual(expect.objectContaining({ conditionalUpdate: true, updateCreate: true }));
  });

  describe('mutual TLS behind the terminator', () => {
    const dn = process.env['PASSERELLE_E2E_SAS_CLIENT_DN'] ?? '';
    const refusals: [string, { dn?: string; verify?: string }, number][] = [
      ['no certificate', {}, 401],
      ['a certificate the terminator could not verify (revoked, unknown CA)', { dn, verify: 'FAILED:certificate revoked' }, 403],
      ['a wrong CN', { dn: dn.replace(/CN=[^,]+/, 'CN=autre.editeur.fr'), verify: 'SUCCESS' }, 403],
      ['a wrong OU', { dn: dn.replace(/OU=[^,]+/, 'OU=AUTRE'), verify: 'SUCCESS' }, 403],
    ];
    it.each(refusals)('refuses %s with a 4xx OperationOutcome, on every FHIR route', async (_label, certificate, status) => {
      const caller = new SasPlatform(certificate);
      const { from, to } = window();
      for (const path of [kitSlotSearch([`8${twoPlaces.rpps}`], from, to), '/fhir/metadata']) {
        const response = await caller.get<{ resourceType: string; issue: { diagnostics: string }[] }>(path);
        expect(response.status).toBe(status);
        expect(response.body.resourceType).toBe('OperationOutcome');
        expect(response.body.issue[0].diagnostics).toMatch(/Certificat/);
      }
      const post = await caller.send<{ resourceType: string }>('POST', '/fhir/Practitioner', { resourceType: 'Practitioner' });
      expect(post.status).toBe(status);
      expect(post.body.resourceType).toBe('OperationOutcome');
    });

    it('does not accept a logged-in user session in place of the certificate', async () => {
      const admin = new ApiClient();
      await admin.loginAsDemo(DEMO_ACCOUNTS.admin);
      const response = await admin.get<{ resourceType: string }>('/fhir/metadata');
      expect(response.status).toBe(401);
      expect(response.body.resourceType).toBe('OperationOutcome');
    });
  });
});

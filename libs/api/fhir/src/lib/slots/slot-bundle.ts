import type { ConsultationType } from '@passerelle/shared/contracts';
import type { FreeSlot } from '@passerelle/api/agenda';
import { FHIR_PROFILES, FHIR_SYSTEMS, metaOf } from '../fhir-vocabulary';
import { idnpsOf } from './slot-search-query';
import type { SasPlace, SasPractitioner } from './sas-directory.repository';

/** FHIR instant with milliseconds and an explicit offset, never `Z` (the kit's regex). */
export const fhirInstant = (d: Date): string => d.toISOString().replace('Z', '+00:00');

const SERVICE_TYPE_CODES: Record<ConsultationType, string> = { CABINET: 'AMB', VIDEO: 'VR', HOME: 'HH' };
const PHONE = /^\+(33|262|590|596|594)\d{9}$/;

/** A French number in the kit's international form, or null when it cannot be one. */
export function internationalPhone(raw: string | null): string | null {
  if (!raw) return null;
  const compact = raw.replace(/[\s.\-()]/g, '');
  const international = /^0\d{9}$/.test(compact) ? `+33${compact.slice(1)}` : compact.replace(/^00/, '+');
  return PHONE.test(international) ? international : null;
}

/** FINESS, else SIRET (the kit's order of preference); ADELI ranks fail the kit, so none is sent. */
function organizationIdentifier(practice: SasPractitioner['practice']) {
  const value = practice.finess && /^1\d{9}$/.test(practice.finess) ? practice.finess : practice.siret && /^3\d{14}$/.test(practice.siret) ? practice.siret : null;
  return value
    ? { identifier: { type: { coding: [{ system: FHIR_SYSTEMS.identifierType, code: 'IDNST' }] }, system: FHIR_SYSTEMS.idnst, value } }
    : null;
}

/** Security labels: PUBLIC for slots open online to new patients, SNP for "Soins non programmés". */
export function slotTypeCodes(slot: FreeSlot): string[] {
  return [...(slot.visibility.includes('NEW_PATIENTS') ? ['PUBLIC'] : []), ...(slot.visibility.includes('SNP') ? ['SNP'] : [])];
}

export interface SlotBundleInput {
  /** `[public URL]/fhir` */
  base: string;
  /** The request URL as received (the kit compares its parsed query with its own). */
  selfUrl: string;
  practitioners: SasPractitioner[];
  /** SAS-eligible free slots of those practitioners, in time order. */
  slots: FreeSlot[];
  /** The practitioner's booking page for regulators; must already contain `?`. */
  bookingUrl: (practitioner: SasPractitioner) => string;
}

interface Entry {
  fullUrl: string;
  resource: Record<string, unknown> & { resourceType: string; id: string };
  search: { mode: 'match' | 'include' };
}

const LOCATION_ID = 'lieu';

/** Memoises the JSON of the parts many slots share (a practitioner's specialty, a set of codes…). */
function memo(cache: Map<string, string>, key: string, make: () => string): string {
  let json = cache.get(key);
  if (json === undefined) {
    json = make();
    cache.set(key, json);
  }
  return json;
}

/**
 * The searchset Bundle of the SAS aggregation profiles, as JSON text: each
 * Slot (match), then one Schedule and one PractitionerRole (its Location
 * contained) per place that has slots, and one Practitioner per
 * practitioner (include). Only resources some Slot leads to are listed, so
 * an empty search has no `entry` at all.
 *
 * A 25-practitioner, 72-hour answer holds thousands of Slots: they are
 * written straight as text from memoised fragments (every dynamic string
 * through JSON.stringify) instead of an object graph stringified afterwards,
 * which halves the time and the garbage of the largest answers.
 */
export function slotBundleJson(input: SlotBundleInput): string {
  const byId = new Map(input.practitioners.map((p) => [p.id, p]));
  const slotEntries: string[] = [];
  const places = new Map<string, { practitioner: SasPractitioner; place: SasPlace }>();
  const fragments = new Map<string, string>();
  const slotUrl = JSON.stringify(`${input.base}/Slot/`).slice(0, -1);
  const slotMeta = `"meta":{"profile":${JSON.stringify([FHIR_PROFILES.slot])},"security":`;
  for (const slot of input.slots) {
    const practitioner = byId.get(slot.practitionerId);
    const place = practitioner?.places.find((p) => p.id === slot.placeId);
    if (!practitioner || !place) continue;
    places.set(place.id, { practitioner, place });
    const codes = slotTypeCodes(slot);
    const security = memo(fragments, `security|${codes.join()}`, () => JSON.stringify(codes.map((code) => ({ system: FHIR_SYSTEMS.slotType, code }))));
    const serviceType = memo(fragments, `service|${practitioner.id}|${slot.consultationTypes.join()}|${slot.motifIds.join()}`, () => {
      const motifs = slot.motifIds.map((id) => practitioner.motifs.get(id)).filter((m) => m?.sasEligible).map((m) => m?.label ?? '');
      return JSON.stringify([
        ...slot.consultationTypes.map((t) => ({ coding: [{ system: FHIR_SYSTEMS.actCode, code: SERVICE_TYPE_CODES[t] }] })),
        ...[...new Set(motifs)].map((text) => ({ text })),
      ]);
    });
    const practitionerPart = memo(fragments, `practitioner|${practitioner.id}`, () =>
      [
        `"specialty":${JSON.stringify([{ coding: [{ system: FHIR_SYSTEMS.specialty, code: practitioner.specialtyCode, display: practitioner.specialtyLabel }] }])}`,
        `"appointmentType":${JSON.stringify({ coding: [{ system: FHIR_SYSTEMS.appointmentType, code: 'ROUTINE' }] })}`,
      ].join(','),
    );
    const comment = memo(fragments, `comment|${practitioner.id}`, () => JSON.stringify(input.bookingUrl(practitioner)));
    // Ids are UUIDs and digits, instants digits and signs: nothing to escape.
    const id = `${practitioner.id}-${Math.floor(slot.start.getTime() / 60_000)}`;
    slotEntries.push(
      `{"fullUrl":${slotUrl}${id}","search":{"mode":"match"},"resource":{"resourceType":"Slot","id":"${id}",${slotMeta}${security}},` +
        `"serviceType":${serviceType},${practitionerPart},"schedule":{"reference":"Schedule/${place.id}"},"status":"free",` +
        `"start":"${fhirInstant(slot.start)}","end":"${fhirInstant(slot.end)}","comment":${comment}}}`,
    );
  }

  const scheduleEntries: Entry[] = [];
  const roleEntries: Entry[] = [];
  const practitionerEntries = new Map<string, Entry>();
  for (const { practitioner, place } of places.values()) {
    scheduleEntries.push({
      fullUrl: `${input.base}/Schedule/${place.id}`,
      search: { mode: 'include' },
      resource: {
        resourceType: 'Schedule',
        id: place.id,
        meta: metaOf(FHIR_PROFILES.schedule),
        active: true,
        actor: [{ reference: `Practitioner/${practitioner.id}` }, { reference: `PractitionerRole/${place.id}` }],
      },
    });
    const phone = internationalPhone(practitioner.phone) ?? internationalPhone(practitioner.practice.phone);
    const organization = organizationIdentifier(practitioner.practice);
    roleEntries.push({
      fullUrl: `${input.base}/PractitionerRole/${place.id}`,
      search: { mode: 'include' },
      resource: {
        resourceType: 'PractitionerRole',
        id: place.id,
        meta: metaOf(FHIR_PROFILES.practitionerRole),
        contained: [
          {
            resourceType: 'Location',
            id: LOCATION_ID,
            meta: metaOf(FHIR_PROFILES.location),
            identifier: [{ type: { coding: [{ system: FHIR_SYSTEMS.locationIdentifierType, code: 'INTRN' }] }, system: `${input.base}/lieux`, value: place.id }],
            name: place.name,
            address: { line: [place.addressLine], city: place.commune, postalCode: place.postcode, country: 'FR' },
          },
        ],
        active: true,
        practitioner: { reference: `Practitioner/${practitioner.id}` },
        ...(organization ? { organization } : {}),
        location: [{ reference: `#${LOCATION_ID}` }],
        ...(phone ? { telecom: [{ system: 'phone', value: phone }] } : {}),
      },
    });
    if (!practitionerEntries.has(practitioner.id)) {
      practitionerEntries.set(practitioner.id, {
        fullUrl: `${input.base}/Practitioner/${practitioner.id}`,
        search: { mode: 'include' },
        resource: {
          resourceType: 'Practitioner',
          id: practitioner.id,
          meta: metaOf(FHIR_PROFILES.practitioner),
          identifier: [{ type: { coding: [{ system: FHIR_SYSTEMS.identifierType, code: 'IDNPS' }] }, system: FHIR_SYSTEMS.idnps, value: idnpsOf(practitioner.rpps) }],
          name: [{ family: practitioner.lastName, given: [practitioner.firstName] }],
        },
      });
    }
  }

  const included = [...scheduleEntries, ...roleEntries, ...practitionerEntries.values()].map((e) => JSON.stringify(e));
  const head = JSON.stringify({ resourceType: 'Bundle', meta: metaOf(FHIR_PROFILES.bundle), type: 'searchset', total: slotEntries.length, link: [{ relation: 'self', url: input.selfUrl }] });
  if (slotEntries.length === 0) return head;
  return `${head.slice(0, -1)},"entry":[${[...slotEntries, ...included].join(',')}]}`;
}

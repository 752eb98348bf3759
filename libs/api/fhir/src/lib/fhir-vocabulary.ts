import { SAS_IDENTIFIER_SYSTEMS } from '@passerelle/shared/contracts';

/**
 * Canonical URLs, systems and codes of the SAS implementation guide
 * (ans.fhir.fr.sas, checked by the national test kit against package 1.1.0).
 * Copied exactly from /shared/notes/sas-fhir.md: a `|version` suffix or a
 * second profile makes the kit's FHIRPath checks stop matching.
 */
export const FHIR_PROFILES = {
  bundle: 'http://sas.fr/fhir/StructureDefinition/BundleAgregateur',
  slot: 'http://sas.fr/fhir/StructureDefinition/FrSlotAgregateur',
  schedule: 'http://sas.fr/fhir/StructureDefinition/FrScheduleAgregateur',
  practitioner: 'http://sas.fr/fhir/StructureDefinition/FrPractitionerAgregateur',
  practitionerRole: 'http://sas.fr/fhir/StructureDefinition/FrPractitionerRoleExerciceAgregateur',
  location: 'http://sas.fr/fhir/StructureDefinition/FrLocationAgregateur',
  regulator: 'https://interop.esante.gouv.fr/ig/fhir/sas/StructureDefinition/FrPractitionerRegul',
  appointment: 'http://sas.fr/fhir/StructureDefinition/FrAppointmentSAS',
} as const;

export const FHIR_SYSTEMS = {
  idnps: SAS_IDENTIFIER_SYSTEMS.idnps,
  idnst: 'urn:oid:1.2.250.1.71.4.2.2',
  sasTechnicalId: SAS_IDENTIFIER_SYSTEMS.sasTechnicalId,
  identifierType: 'http://interopsante.org/fhir/CodeSystem/fr-v2-0203',
  /** fr-core 1.1.0's location identifier types (INTRN: our own identifier). */
  locationIdentifierType: 'http://interopsante.org/fhir/CodeSystem/fr-location-identifier-type',
  slotType: 'https://mos.esante.gouv.fr/NOS/TRE_R314-TypeCreneau/FHIR/TRE-R314-TypeCreneau',
  actCode: 'http://terminology.hl7.org/CodeSystem/v3-ActCode',
  appointmentType: 'http://terminology.hl7.org/CodeSystem/v2-0276',
  specialty: 'https://mos.esante.gouv.fr/NOS/TRE_R38-SpecialiteOrdinale/FHIR/TRE-R38-SpecialiteOrdinale',
  operatorExtension: 'http://interopsante.org/fhir/StructureDefinition/FrAppointmentOperator',
} as const;

export const SAS_IMPLEMENTATION_GUIDE = 'https://interop.esante.gouv.fr/ig/fhir/sas';
export const SLOT_START_SEARCH_PARAMETER = 'https://interop.esante.gouv.fr/ig/fhir/sas/SearchParameter/slot-sp-start';

export const FHIR_JSON = 'application/fhir+json';
/** Body media types the platform may send (the kit uses all three). */
export const FHIR_REQUEST_MEDIA_TYPES = ['application/json', 'application/fhir+json', 'application/json+fhir'];

/** The identifier systems a regulator account may carry, and the type code each one goes with. */
export const REGULATOR_IDENTIFIER_TYPES: Record<string, 'IDNPS' | 'INTRN'> = {
  [FHIR_SYSTEMS.idnps]: 'IDNPS',
  [FHIR_SYSTEMS.sasTechnicalId]: 'INTRN',
};

/** One `meta` with exactly one profile: the kit compares `meta.profile` to a single string. */
export const metaOf = (profile: string) => ({ profile: [profile] });

import { ValidationFailed } from '@passerelle/api/platform';
import type { RegulatorIdentifier, RegulatorInput, RegulatorRecord } from '@passerelle/api/regulators';
import { FHIR_PROFILES, FHIR_SYSTEMS, metaOf, REGULATOR_IDENTIFIER_TYPES } from '../fhir-vocabulary';

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const text = (v: unknown): string => (typeof v === 'string' ? v.trim() : '');
const invalid = (message: string, field: string): never => {
  throw new ValidationFailed(message, { [field]: [message] });
};

/** `system|value` of a conditional update (`?identifier=…`, already percent-decoded). */
export function parseIdentifierCondition(raw: unknown): RegulatorIdentifier {
  const value = Array.isArray(raw) ? raw[0] : raw;
  const bar = typeof value === 'string' ? value.indexOf('|') : -1;
  if (typeof value !== 'string' || bar <= 0 || bar === value.length - 1) {
    return invalid('Mise à jour conditionnelle : paramètre identifier=système|valeur requis.', 'identifier');
  }
  const system = value.slice(0, bar).trim();
  if (!REGULATOR_IDENTIFIER_TYPES[system]) return invalid(`Système d’identifiant inconnu : ${system.slice(0, 60)}.`, 'identifier');
  return { system, value: value.slice(bar + 1).trim() };
}

/**
 * A FrPractitionerRegul body as the SAS platform sends it (INT_R02): one
 * identifier (IDNPS or the platform's INTRN, free-text value), a name, an
 * e-mail and `active` are required; a type code that contradicts the
 * system is refused. The body's `id` is ignored (ours is the resource id).
 */
export function regulatorInputOf(body: unknown): RegulatorInput {
  if (!isObject(body) || body['resourceType'] !== 'Practitioner') {
    return invalid('Ressource FHIR Practitioner attendue (resourceType « Practitioner »).', 'resourceType');
  }
  const identifiers = body['identifier'];
  if (!Array.isArray(identifiers) || identifiers.length === 0 || !isObject(identifiers[0])) return invalid('Identifiant du régulateur (identifier) requis.', 'identifier');
  if (identifiers.length > 1) return invalid('Un seul identifiant attendu pour un régulateur.', 'identifier');
  const identifier = identifiers[0];
  const system = text(identifier['system']);
  const value = text(identifier['value']);
  const expectedCode = REGULATOR_IDENTIFIER_TYPES[system];
  if (!expectedCode) return invalid(`Système d’identifiant inconnu (attendu ${FHIR_SYSTEMS.idnps} ou ${FHIR_SYSTEMS.sasTechnicalId}).`, 'identifier.system');
  if (!value || value.length > 100) return invalid('Valeur d’identifiant requise (100 caractères au plus).', 'identifier.value');
  const type = identifier['type'];
  if (type !== undefined) {
    const coding = isObject(type) && Array.isArray(type['coding']) && isObject(type['coding'][0]) ? type['coding'][0] : null;
    if (!coding || text(coding['code']) !== expectedCode || (coding['system'] !== undefined && coding['system'] !== FHIR_SYSTEMS.identifierType)) {
      return invalid(`Le type d’identifiant ne correspond pas à son système (attendu ${expectedCode}).`, 'identifier.type');
    }
  }

  const names = body['name'];
  if (!Array.isArray(names) || names.length === 0 || !isObject(names[0])) return invalid('Nom du régulateur (name) requis.', 'name');
  const familyName = text(names[0]['family']);
  if (!familyName || familyName.length > 100) return invalid('Nom de famille requis (100 caractères au plus).', 'name.family');
  const given = names[0]['given'];
  const givenName = Array.isArray(given) ? given.map(text).filter(Boolean).join(' ') : '';
  if (givenName.length > 100) return invalid('Prénom trop long (100 caractères au plus).', 'name.given');

  const telecom = body['telecom'];
  if (!Array.isArray(telecom) || telecom.length === 0) return invalid('Adresse e-mail du régulateur (telecom) requise.', 'telecom');
  const email = telecom.find((t) => isObject(t) && t['system'] === 'email');
  if (!isObject(email)) return invalid('Le moyen de contact doit être une adresse e-mail (telecom.system = email).', 'telecom.system');
  const address = text(email['value']);
  if (!address || address.length > 254 || !EMAIL.test(address)) return invalid('Adresse e-mail invalide.', 'telecom.value');

  if (typeof body['active'] !== 'boolean') return invalid('Le champ active (true ou false) est requis.', 'active');
  return { identifier: { system, value }, familyName, givenName, email: address, active: body['active'], source: 'SAS_PLATFORM' };
}

/** Our regulator as a FrPractitionerRegul resource. */
export function regulatorResource(r: RegulatorRecord): Record<string, unknown> {
  return {
    resourceType: 'Practitioner',
    id: r.id,
    meta: metaOf(FHIR_PROFILES.regulator),
    ...(r.identifier
      ? { identifier: [{ type: { coding: [{ system: FHIR_SYSTEMS.identifierType, code: REGULATOR_IDENTIFIER_TYPES[r.identifier.system] }] }, system: r.identifier.system, value: r.identifier.value }] }
      : {}),
    active: r.active,
    name: [{ family: r.familyName, ...(r.givenName ? { given: [r.givenName] } : {}) }],
    telecom: [{ system: 'email', value: r.email }],
  };
}

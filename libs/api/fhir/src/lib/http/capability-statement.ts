import { FHIR_JSON, SAS_IMPLEMENTATION_GUIDE, SLOT_START_SEARCH_PARAMETER } from '../fhir-vocabulary';

/**
 * What this FHIR server offers the SAS platform, after the IG's
 * SAS-GestionnaireAgenda-PsIndiv statement, limited to what is implemented
 * (slot search; regulator create and conditional update).
 */
export function capabilityStatement(base: string, software: { name: string; version: string }, date: Date): Record<string, unknown> {
  return {
    resourceType: 'CapabilityStatement',
    status: 'active',
    date: date.toISOString().slice(0, 10),
    publisher: 'Passerelle',
    kind: 'instance',
    software,
    implementation: { description: 'Passerelle — interface SAS (agrégateur de créneaux, comptes régulateurs)', url: base },
    fhirVersion: '4.0.1',
    format: [FHIR_JSON],
    implementationGuide: [SAS_IMPLEMENTATION_GUIDE],
    rest: [
      {
        mode: 'server',
        security: { description: 'TLS mutuel avec un certificat IGC-Santé de la plateforme SAS (CN et OU vérifiés).' },
        resource: [
          {
            type: 'Slot',
            interaction: [{ code: 'search-type' }],
            searchInclude: ['Slot:schedule', 'Schedule:actor'],
            searchParam: [
              { name: 'start', definition: SLOT_START_SEARCH_PARAMETER, type: 'date' },
              { name: 'status', type: 'token' },
              { name: 'schedule.actor:Practitioner.identifier', type: 'token' },
            ],
          },
          {
            type: 'Practitioner',
            interaction: [{ code: 'create' }, { code: 'update' }],
            conditionalUpdate: true,
            updateCreate: true,
          },
        ],
      },
    ],
  };
}

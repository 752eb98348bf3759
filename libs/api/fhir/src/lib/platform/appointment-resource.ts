import { FHIR_PROFILES, FHIR_SYSTEMS, metaOf, REGULATOR_IDENTIFIER_TYPES } from '../fhir-vocabulary';
import { fhirInstant } from '../slots/slot-bundle';
import { idnpsOf } from '../slots/slot-search-query';

export type AppointmentStatusCode = 'BOOKED' | 'DONE' | 'NO_SHOW' | 'CANCELLED';

/** What INT_R03 reports about an appointment a regulator booked. No patient data travels. */
export interface SasAppointmentFacts {
  id: string;
  status: AppointmentStatusCode;
  startsAt: Date;
  endsAt: Date;
  createdAt: Date;
  practitionerRpps: string;
  /** The regulator's identifier received through INT_R02 (null for a regulator an admin created without one). */
  operator: { system: string; value: string } | null;
}

const FHIR_STATUS: Record<AppointmentStatusCode, string> = { BOOKED: 'booked', DONE: 'fulfilled', NO_SHOW: 'noshow', CANCELLED: 'cancelled' };

/** The identifier system of our appointments, under our public URL (stable for one deployment). */
export const appointmentIdentifierSystem = (publicUrl: string): string => `${publicUrl}/fhir/NamingSystem/rendez-vous`;

/** A FrAppointmentSAS resource (fr-core 1.1.0 parent), as POSTed or conditionally PUT to the platform. */
export function appointmentResource(a: SasAppointmentFacts, identifierSystem: string): Record<string, unknown> {
  return {
    resourceType: 'Appointment',
    meta: metaOf(FHIR_PROFILES.appointment),
    ...(a.operator
      ? {
          extension: [
            {
              url: FHIR_SYSTEMS.operatorExtension,
              valueReference: {
                identifier: {
                  type: { coding: [{ system: FHIR_SYSTEMS.identifierType, code: REGULATOR_IDENTIFIER_TYPES[a.operator.system] }] },
                  system: a.operator.system,
                  value: a.operator.value,
                },
              },
            },
          ],
        }
      : {}),
    identifier: [{ system: identifierSystem, value: a.id }],
    status: FHIR_STATUS[a.status],
    start: fhirInstant(a.startsAt),
    end: fhirInstant(a.endsAt),
    created: fhirInstant(a.createdAt),
    participant: [
      {
        actor: { identifier: { type: { coding: [{ system: FHIR_SYSTEMS.identifierType, code: 'IDNPS' }] }, system: FHIR_SYSTEMS.idnps, value: idnpsOf(a.practitionerRpps) } },
        status: 'accepted',
      },
    ],
  };
}

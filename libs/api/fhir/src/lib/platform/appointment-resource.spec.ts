import { appointmentResource } from './appointment-resource';

describe('FrAppointmentSAS', () => {
  const facts = {
    id: 'a1b2', status: 'NO_SHOW' as const, startsAt: new Date('2026-03-10T08:00:00Z'), endsAt: new Date('2026-03-10T08:15:00Z'), createdAt: new Date('2026-03-09T17:30:00.123Z'),
    practitionerRpps: '10101234567', operator: { system: 'urn:oid:1.2.250.1.213.3.6', value: '3456780581/11242343' },
  };

  it('maps status, instants, operator and practitioner as the profile asks, with no patient data', () => {
    const r = appointmentResource(facts, 'https://passerelle.example/fhir/NamingSystem/rendez-vous');
    expect(r).toEqual({
      resourceType: 'Appointment',
      meta: { profile: ['http://sas.fr/fhir/StructureDefinition/FrAppointmentSAS'] },
      extension: [{ url: 'http://interopsante.org/fhir/StructureDefinition/FrAppointmentOperator', valueReference: { identifier: { type: { coding: [{ system: 'http://interopsante.org/fhir/CodeSystem/fr-v2-0203', code: 'INTRN' }] }, system: 'urn:oid:1.2.250.1.213.3.6', value: '3456780581/11242343' } } }],
      identifier: [{ system: 'https://passerelle.example/fhir/NamingSystem/rendez-vous', value: 'a1b2' }],
      status: 'noshow',
      start: '2026-03-10T08:00:00.000+00:00',
      end: '2026-03-10T08:15:00.000+00:00',
      created: '2026-03-09T17:30:00.123+00:00',
      participant: [{ actor: { identifier: { type: { coding: [{ system: 'http://interopsante.org/fhir/CodeSystem/fr-v2-0203', code: 'IDNPS' }] }, system: 'urn:oid:1.2.250.1.71.4.2.1', value: '810101234567' } }, status: 'accepted' }],
    });
    expect(appointmentResource({ ...facts, status: 'BOOKED' }, 's')['status']).toBe('booked');
    expect(appointmentResource({ ...facts, status: 'DONE' }, 's')['status']).toBe('fulfilled');
    expect(appointmentResource({ ...facts, status: 'CANCELLED' }, 's')['status']).toBe('cancelled');
  });
});

import { ROLE_HOME } from '@passerelle/shared/contracts';

/** The regulator's pages (under the role home /regulation). */
export const REGULATION_PATHS = {
  search: ROLE_HOME.REGULATOR,
  practitioner: (practitionerId: string) => `${ROLE_HOME.REGULATOR}/praticiens/${practitionerId}`,
  funnel: (practitionerId: string) => `${ROLE_HOME.REGULATOR}/creneau/${practitionerId}`,
  bookings: `${ROLE_HOME.REGULATOR}/reservations`,
  booking: (id: string) => `${ROLE_HOME.REGULATOR}/reservations/${id}`,
} as const;

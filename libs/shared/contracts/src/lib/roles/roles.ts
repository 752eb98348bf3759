/** Roles an account can hold. Mirrors the database enum `Role`. */
export const ROLES = ['PATIENT', 'PRACTITIONER', 'SECRETARY', 'REGULATOR', 'ADMIN'] as const;
export type Role = (typeof ROLES)[number];

/** Login spaces: e-mails are unique per space (see prisma/schema.prisma). */
export const LOGIN_SPACES = ['patient', 'pro'] as const;
export type LoginSpace = (typeof LOGIN_SPACES)[number];

/** A second factor is mandatory for every professional role. */
export const ROLES_REQUIRING_MFA: readonly Role[] = ['PRACTITIONER', 'SECRETARY', 'REGULATOR', 'ADMIN'];

/** Practice staff: "qui peut le plus peut le moins" — a practitioner can do all a secretary can. */
export const PRACTICE_ROLES: readonly Role[] = ['PRACTITIONER', 'SECRETARY'];

/** French labels for the UI. */
export const ROLE_LABELS: Record<Role, string> = {
  PATIENT: 'Patient',
  PRACTITIONER: 'Praticien',
  SECRETARY: 'Secrétariat',
  REGULATOR: 'Régulateur',
  ADMIN: 'Administrateur',
};

/** Where each role lands after login in the web app. */
export const ROLE_HOME: Record<Role, string> = {
  PATIENT: '/patient',
  PRACTITIONER: '/cabinet',
  SECRETARY: '/cabinet',
  REGULATOR: '/regulation',
  ADMIN: '/admin',
};

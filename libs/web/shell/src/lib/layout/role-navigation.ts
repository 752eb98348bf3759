import { Role, ROLE_HOME } from '@passerelle/shared/contracts';
import { WEB_ROUTES } from '@passerelle/web/core';

export interface NavigationLink {
  label: string;
  url: string;
}

const PRACTICE_MESSAGES: NavigationLink = { label: 'Messagerie', url: WEB_ROUTES.practiceMessages };

const ACCOUNT_SECURITY: NavigationLink = {
  label: 'Sécurité du compte',
  url: WEB_ROUTES.accountSecurity,
};

/** The main navigation of each role; later features add their entries here. */
export const ROLE_NAVIGATION: Record<Role, readonly NavigationLink[]> = {
  PATIENT: [
    { label: 'Mon espace', url: ROLE_HOME.PATIENT },
    { label: 'Mes messages', url: WEB_ROUTES.messages },
    { label: 'Mes praticiens', url: WEB_ROUTES.messagingPractitioners },
    { label: 'Mon identité', url: WEB_ROUTES.patientIdentity },
    ACCOUNT_SECURITY,
  ],
  PRACTITIONER: [
    { label: 'Mon cabinet', url: ROLE_HOME.PRACTITIONER },
    PRACTICE_MESSAGES,
    ACCOUNT_SECURITY,
  ],
  SECRETARY: [
    { label: 'Mon cabinet', url: ROLE_HOME.SECRETARY },
    PRACTICE_MESSAGES,
    ACCOUNT_SECURITY,
  ],
  REGULATOR: [
    { label: 'Rechercher un créneau', url: ROLE_HOME.REGULATOR },
    { label: 'Mes réservations', url: `${ROLE_HOME.REGULATOR}/reservations` },
    ACCOUNT_SECURITY,
  ],
  ADMIN: [{ label: 'Administration', url: ROLE_HOME.ADMIN }, ACCOUNT_SECURITY],
};

import { FieldErrorMessages } from '@passerelle/web/ui';

/** The French messages of the "which space, which e-mail" fields (login, forgotten password). */
export const ACCOUNT_IDENTIFIER_MESSAGES: FieldErrorMessages = {
  space: { required: 'Choisissez votre espace.' },
  email: {
    required: 'Saisissez votre adresse e-mail.',
    email: 'Adresse e-mail invalide (exemple : nom@domaine.fr).',
    maxlength: 'Adresse e-mail trop longue.',
  },
};

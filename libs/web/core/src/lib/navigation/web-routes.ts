/** The web app's own URLs, in French: one list for routes, guards and links. */
export const WEB_ROUTES = {
  login: '/connexion',
  mfaVerify: '/connexion/code',
  mfaEnrolment: '/connexion/activer-double-authentification',
  registration: '/inscription',
  /** "Mot de passe oublié ?": the request form, then the e-mailed link /reinitialiser-mot-de-passe/:token. */
  forgottenPassword: '/mot-de-passe-oublie',
  passwordReset: '/reinitialiser-mot-de-passe',
  /** A regulator's one-time link: /invitation/:token. */
  invitation: '/invitation',
  accountSecurity: '/compte/securite',
  accessDenied: '/acces-refuse',
  /** Directory search, open to everyone. */
  search: '/recherche',
  /** A practitioner's public booking page: /rendez-vous/:practitionerId. */
  booking: '/rendez-vous',
  /** Practice staff: agenda and settings. */
  practice: '/cabinet',
  practicePatients: '/cabinet/patients',
  practiceTeleconsultations: '/cabinet/teleconsultations',
  practiceSettings: '/cabinet/parametres',
  practiceMessagingSettings: '/cabinet/parametres/messagerie',
  /** Secure messaging: the patient's threads, their practitioners, the practice inbox. */
  messages: '/messagerie',
  messagingPractitioners: '/messagerie/praticiens',
  messagesArchive: '/messagerie/archives',
  messagesExport: '/messagerie/export',
  practiceMessages: '/cabinet/messagerie',
  /** A patient's home, with their appointments. */
  patientHome: '/patient',
  /** The patient's own identity (needed before booking). */
  patientIdentity: '/patient/identite',
} as const;

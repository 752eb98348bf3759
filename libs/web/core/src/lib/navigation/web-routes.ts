/** The web app's own URLs, in French: one list for routes, guards and links. */
export const WEB_ROUTES = {
  login: '/connexion',
  mfaVerify: '/connexion/code',
  mfaEnrolment: '/connexion/activer-double-authentification',
  registration: '/inscription',
  accountSecurity: '/compte/securite',
  accessDenied: '/acces-refuse',
} as const;

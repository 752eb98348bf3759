import { Route } from '@angular/router';
import {
  anonymousGuard,
  authenticatedGuard,
  sessionStageGuard,
  WEB_ROUTES,
} from '@passerelle/web/core';

/** Router paths have no leading slash. */
const path = (url: string): string => url.slice(1);

/** Login, second factor, forgotten password, patient registration and account security. */
export const authRoutes: Route[] = [
  {
    path: path(WEB_ROUTES.login),
    title: 'Connexion',
    canActivate: [anonymousGuard],
    loadComponent: () => import('./login/login-page').then((m) => m.LoginPage),
  },
  {
    path: path(WEB_ROUTES.mfaVerify),
    title: 'Vérification en deux étapes',
    canActivate: [sessionStageGuard('mfa-required')],
    loadComponent: () =>
      import('./mfa/mfa-verify-page').then((m) => m.MfaVerifyPage),
  },
  {
    path: path(WEB_ROUTES.mfaEnrolment),
    title: 'Activer la double authentification',
    // Mandatory for a professional's first login; a patient may opt in from the security page.
    canActivate: [sessionStageGuard('mfa-enrolment-required', 'authenticated')],
    loadComponent: () =>
      import('./mfa/mfa-enrolment-page').then((m) => m.MfaEnrolmentPage),
  },
  {
    path: path(WEB_ROUTES.registration),
    title: 'Créer mon espace patient',
    canActivate: [anonymousGuard],
    loadComponent: () =>
      import('./registration/registration-page').then(
        (m) => m.RegistrationPage,
      ),
  },
  {
    path: path(WEB_ROUTES.forgottenPassword),
    title: 'Mot de passe oublié',
    canActivate: [anonymousGuard],
    loadComponent: () =>
      import('./password-reset/forgotten-password-page').then(
        (m) => m.ForgottenPasswordPage,
      ),
  },
  {
    // Not only for visitors: a signed-in person may open the e-mailed link too.
    path: `${path(WEB_ROUTES.passwordReset)}/:token`,
    title: 'Choisir un nouveau mot de passe',
    loadComponent: () =>
      import('./password-reset/password-reset-page').then(
        (m) => m.PasswordResetPage,
      ),
  },
  {
    path: `${path(WEB_ROUTES.invitation)}/:token`,
    title: 'Activer mon compte régulateur',
    canActivate: [anonymousGuard],
    loadComponent: () =>
      import('./invitation/invitation-page').then((m) => m.InvitationPage),
  },
  {
    path: path(WEB_ROUTES.accountSecurity),
    title: 'Sécurité du compte',
    canActivate: [authenticatedGuard],
    loadComponent: () =>
      import('./account-security/account-security-page').then(
        (m) => m.AccountSecurityPage,
      ),
  },
];

import { Route } from '@angular/router';
import { roleGuard, WEB_ROUTES } from '@passerelle/web/core';

/** The patient's own record: their identity. */
export const patientsRoutes: Route[] = [
  {
    path: WEB_ROUTES.patientIdentity.slice(1),
    title: 'Mon identité',
    canActivate: [roleGuard('PATIENT')],
    loadComponent: () => import('./own-identity/own-identity-page').then((m) => m.OwnIdentityPage),
  },
];

import { Route } from '@angular/router';
import { roleGuard } from '@passerelle/web/core';
import { ADMIN_ROUTES } from './admin.routes-paths';

/** Administration: home, regulator accounts, e-mail outbox (administrators only). */
export const adminRoutes: Route[] = [
  {
    path: ADMIN_ROUTES.home.slice(1),
    title: 'Administration',
    canActivate: [roleGuard('ADMIN')],
    loadComponent: () => import('./admin-home').then((m) => m.AdminHome),
  },
  {
    path: ADMIN_ROUTES.regulators.slice(1),
    title: 'Comptes régulateurs SAS',
    canActivate: [roleGuard('ADMIN')],
    loadComponent: () => import('./regulators-page').then((m) => m.RegulatorsPage),
  },
  {
    path: ADMIN_ROUTES.outbox.slice(1),
    title: 'E-mails envoyés',
    canActivate: [roleGuard('ADMIN')],
    loadComponent: () => import('./outbox-page').then((m) => m.OutboxPage),
  },
];

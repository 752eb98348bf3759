import { Route } from '@angular/router';
import { ROLE_HOME } from '@passerelle/shared/contracts';
import { homeRedirect, roleGuard, WEB_ROUTES } from '@passerelle/web/core';
import { AppLayout } from './layout/app-layout';

/**
 * The whole route tree: the feature routes inside the layout, between the
 * "/" redirect and the "page not found" catch-all. Role homes are
 * placeholders until their features take them over (the agenda feature has
 * taken over the patient's and the practice's, the regulation feature the
 * regulator's).
 */
export function shellRoutes(featureRoutes: Route[]): Route[] {
  return [
    {
      path: '',
      component: AppLayout,
      children: [
        { path: '', pathMatch: 'full', redirectTo: homeRedirect },
        ...featureRoutes,
        {
          path: ROLE_HOME.ADMIN.slice(1),
          title: 'Administration',
          canActivate: [roleGuard('ADMIN')],
          loadComponent: () =>
            import('./role-homes/administration-home').then(
              (m) => m.AdministrationHome,
            ),
        },
        {
          path: WEB_ROUTES.accessDenied.slice(1),
          title: 'Accès refusé',
          loadComponent: () =>
            import('./errors/access-denied-page').then(
              (m) => m.AccessDeniedPage,
            ),
        },
        {
          path: '**',
          title: 'Page introuvable',
          loadComponent: () =>
            import('./errors/not-found-page').then((m) => m.NotFoundPage),
        },
      ],
    },
  ];
}

import { Route } from '@angular/router';
import { ROLE_HOME } from '@passerelle/shared/contracts';
import { roleGuard } from '@passerelle/web/core';

const regulator = roleGuard('REGULATOR');

/** The SAS regulator's pages: slot search (their home), booking funnel, their bookings. */
export const regulationRoutes: Route[] = [
  {
    path: ROLE_HOME.REGULATOR.slice(1),
    canActivate: [regulator],
    children: [
      { path: '', pathMatch: 'full', title: 'Régulation SAS', loadComponent: () => import('./search/regulator-search-page').then((m) => m.RegulatorSearchPage) },
      { path: 'praticiens/:id', title: 'Créneaux du praticien – Régulation SAS', loadComponent: () => import('./practitioner/sas-practitioner-page').then((m) => m.SasPractitionerPageComponent) },
      { path: 'creneau/:practitionerId', title: 'Réserver pour un patient – Régulation SAS', loadComponent: () => import('./funnel/sas-funnel-page').then((m) => m.SasFunnelPage) },
      { path: 'reservations', title: 'Mes réservations – Régulation SAS', loadComponent: () => import('./bookings/my-bookings-page').then((m) => m.MyBookingsPage) },
      { path: 'reservations/:id', title: 'Réservation – Régulation SAS', loadComponent: () => import('./bookings/booking-detail-page').then((m) => m.BookingDetailPage) },
    ],
  },
];

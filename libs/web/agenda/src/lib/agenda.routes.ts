import { Route } from '@angular/router';
import { roleGuard, WEB_ROUTES } from '@passerelle/web/core';
import { loadMessagingSettingsPage } from '@passerelle/web/messaging';

/** Router paths have no leading slash. */
const path = (url: string): string => url.slice(1);

const staff = roleGuard('PRACTITIONER', 'SECRETARY');

/**
 * The practice (agenda, patients, teleconsultations, settings), the
 * patient's home with their appointments, and the public booking page.
 */
export const agendaRoutes: Route[] = [
  {
    path: path(WEB_ROUTES.practice),
    canActivate: [staff],
    loadComponent: () => import('./practice/practice-layout').then((m) => m.PracticeLayout),
    children: [
      {
        path: '',
        pathMatch: 'full',
        title: 'Mon cabinet',
        loadComponent: () => import('./practice-agenda/practice-agenda-page').then((m) => m.PracticeAgendaPage),
      },
      {
        path: 'patients',
        title: 'Patients du cabinet',
        loadComponent: () => import('./practice-pages/practice-patients-page').then((m) => m.PracticePatientsPage),
      },
      {
        path: 'patients/:patientId',
        title: 'Historique du patient',
        loadComponent: () => import('./practice-pages/patient-history-page').then((m) => m.PatientHistoryPage),
      },
      {
        path: 'teleconsultations',
        title: 'Téléconsultations',
        loadComponent: () => import('./practice-pages/teleconsultations-page').then((m) => m.TeleconsultationsPage),
      },
      {
        path: 'parametres',
        loadComponent: () => import('./settings/settings-layout').then((m) => m.SettingsLayout),
        children: [
          { path: '', pathMatch: 'full', redirectTo: 'horaires' },
          {
            path: 'horaires',
            title: 'Horaires – Paramètres du cabinet',
            loadComponent: () => import('./settings/opening-hours-page').then((m) => m.OpeningHoursPage),
          },
          {
            path: 'agenda',
            title: 'Réglages de l’agenda – Paramètres du cabinet',
            loadComponent: () => import('./settings/agenda-settings-page').then((m) => m.AgendaSettingsPage),
          },
          {
            path: 'motifs',
            title: 'Motifs – Paramètres du cabinet',
            loadComponent: () => import('./settings/motifs-page').then((m) => m.MotifsPage),
          },
          {
            path: 'conges',
            title: 'Congés et absences – Paramètres du cabinet',
            loadComponent: () => import('./settings/blocks-page').then((m) => m.BlocksPage),
          },
          {
            path: 'secretariat',
            title: 'Secrétariat – Paramètres du cabinet',
            loadComponent: () => import('./settings/secretariat-page').then((m) => m.SecretariatPage),
          },
          {
            path: 'patients-autorises',
            title: 'Liste des patients autorisés – Paramètres du cabinet',
            loadComponent: () => import('./settings/allow-list-page').then((m) => m.AllowListPage),
          },
          {
            path: 'messagerie',
            title: 'Messagerie – Paramètres du cabinet',
            loadComponent: loadMessagingSettingsPage,
          },
        ],
      },
    ],
  },
  {
    path: path(WEB_ROUTES.patientHome),
    title: 'Mon espace patient',
    canActivate: [roleGuard('PATIENT')],
    loadComponent: () => import('./patient/patient-home-page').then((m) => m.PatientHomePage),
  },
  {
    // Public: anyone may look; confirming needs a patient account.
    path: `${path(WEB_ROUTES.booking)}/:practitionerId`,
    title: 'Prendre rendez-vous',
    loadComponent: () => import('./patient/booking-page').then((m) => m.BookingPage),
  },
];

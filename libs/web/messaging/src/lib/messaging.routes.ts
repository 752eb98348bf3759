import { Route } from '@angular/router';
import { roleGuard } from '@passerelle/web/core';
import { messagingKeysGuard } from './keys/messaging-keys.guard';
import { MESSAGING_PAGES } from './messaging-paths';

/** Router paths have no leading slash. */
const path = (url: string): string => url.slice(1);
const thread = () => import('./thread/thread-page').then((m) => m.ThreadPage);

/** Patient and practice messaging; every page needs the unlocked keys. */
export const messagingRoutes: Route[] = [
  {
    path: path(MESSAGING_PAGES.unlock),
    title: 'Déverrouiller ma messagerie',
    canActivate: [roleGuard('PATIENT', 'PRACTITIONER', 'SECRETARY')],
    loadComponent: () => import('./keys/unlock-page').then((m) => m.UnlockPage),
  },
  {
    path: path(MESSAGING_PAGES.keyRecovery),
    title: 'Rétablir ma messagerie',
    canActivate: [roleGuard('PATIENT', 'PRACTITIONER', 'SECRETARY')],
    loadComponent: () => import('./keys/key-recovery-page').then((m) => m.KeyRecoveryPage),
  },
  {
    path: path(MESSAGING_PAGES.recoveryKit),
    title: 'Mon kit de secours',
    canActivate: [roleGuard('PATIENT')],
    loadComponent: () => import('./keys/recovery-kit-page').then((m) => m.RecoveryKitPage),
  },
  {
    path: path(MESSAGING_PAGES.patientPractitioners),
    title: 'Mes praticiens',
    canActivate: [roleGuard('PATIENT'), messagingKeysGuard],
    loadComponent: () => import('./patient/patient-practitioners-page').then((m) => m.PatientPractitionersPage),
  },
  {
    path: `${path(MESSAGING_PAGES.patientPractitioners)}/:practitionerId/nouvelle-demande`,
    title: 'Nouvelle demande',
    canActivate: [roleGuard('PATIENT'), messagingKeysGuard],
    loadComponent: () => import('./patient/new-request-page').then((m) => m.NewRequestPage),
  },
  {
    path: `${path(MESSAGING_PAGES.patientThread)}/:threadId`,
    title: 'Conversation',
    canActivate: [roleGuard('PATIENT'), messagingKeysGuard],
    loadComponent: thread,
  },
  {
    path: path(MESSAGING_PAGES.patientArchive),
    title: 'Conversations archivées',
    canActivate: [roleGuard('PATIENT'), messagingKeysGuard],
    data: { archived: true },
    loadComponent: () => import('./patient/patient-threads-page').then((m) => m.PatientThreadsPage),
  },
  {
    path: path(MESSAGING_PAGES.patientExport),
    title: 'Exporter mes conversations',
    canActivate: [roleGuard('PATIENT'), messagingKeysGuard],
    loadComponent: () => import('./patient/thread-export-page').then((m) => m.ThreadExportPage),
  },
  {
    path: path(MESSAGING_PAGES.patientThreads),
    title: 'Mes messages',
    canActivate: [roleGuard('PATIENT'), messagingKeysGuard],
    loadComponent: () => import('./patient/patient-threads-page').then((m) => m.PatientThreadsPage),
  },
  {
    path: path(MESSAGING_PAGES.practiceInbox),
    title: 'Messagerie du cabinet',
    canActivate: [roleGuard('PRACTITIONER', 'SECRETARY'), messagingKeysGuard],
    loadComponent: () => import('./practice/practice-inbox-page').then((m) => m.PracticeInboxPage),
  },
  {
    path: `${path(MESSAGING_PAGES.practiceInbox)}/:threadId`,
    title: 'Conversation',
    canActivate: [roleGuard('PRACTITIONER', 'SECRETARY'), messagingKeysGuard],
    loadComponent: thread,
  },
];

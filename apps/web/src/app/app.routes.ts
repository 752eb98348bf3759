import { Route } from '@angular/router';
import { adminRoutes } from '@passerelle/web/admin';
import { agendaRoutes } from '@passerelle/web/agenda';
import { authRoutes } from '@passerelle/web/auth';
import { directoryRoutes } from '@passerelle/web/directory';
import { messagingRoutes } from '@passerelle/web/messaging';
import { patientsRoutes } from '@passerelle/web/patients';
import { regulationRoutes } from '@passerelle/web/regulation';
import { shellRoutes } from '@passerelle/web/shell';

export const appRoutes: Route[] = shellRoutes([...authRoutes, ...messagingRoutes, ...agendaRoutes, ...directoryRoutes, ...patientsRoutes, ...regulationRoutes, ...adminRoutes]);

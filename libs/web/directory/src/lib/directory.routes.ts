import { Route } from '@angular/router';
import { WEB_ROUTES } from '@passerelle/web/core';

/** The public directory search, open to everyone. */
export const directoryRoutes: Route[] = [
  {
    path: WEB_ROUTES.search.slice(1),
    title: 'Trouver un praticien',
    loadComponent: () => import('./directory-search-page').then((m) => m.DirectorySearchPage),
  },
];

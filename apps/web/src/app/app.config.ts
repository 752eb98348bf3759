import {
  provideHttpClient,
  withInterceptors,
  withXsrfConfiguration,
} from '@angular/common/http';
import {
  ApplicationConfig,
  inject,
  provideAppInitializer,
  provideBrowserGlobalErrorListeners,
} from '@angular/core';
import { provideRouter, TitleStrategy } from '@angular/router';
import { CSRF_COOKIE, CSRF_HEADER } from '@passerelle/shared/contracts';
import { sessionExpiryInterceptor, SessionStore } from '@passerelle/web/core';
import { PageTitleStrategy } from '@passerelle/web/shell';
import { appRoutes } from './app.routes';

export const appConfig: ApplicationConfig = {
  providers: [
    provideBrowserGlobalErrorListeners(),
    // Same origin as the API (it serves this app), so cookies go along without withCredentials.
    provideHttpClient(
      withXsrfConfiguration({
        cookieName: CSRF_COOKIE,
        headerName: CSRF_HEADER,
      }),
      withInterceptors([sessionExpiryInterceptor]),
    ),
    provideRouter(appRoutes),
    { provide: TitleStrategy, useClass: PageTitleStrategy },
    // Guards need to know who is signed in before the first navigation.
    provideAppInitializer(() => inject(SessionStore).restore()),
  ],
};
